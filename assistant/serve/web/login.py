"""Sign-in for the web app: our own login page and routes in front of the Gradio app, the session
cookie, and the checks every request passes before Gradio sees it.

Gradio's built-in login keeps sessions in memory for as long as the process lives and hashes
passwords inside its event loop. Here a session is a database row that ends when the account
changes (sessions.py), guessing is bounded per account and per address (login_limits.py), and the
scrypt check runs in a worker thread, one at a time, so sign-in floods cannot stall answers.
"""

from __future__ import annotations

import asyncio
import html
import json
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from assistant.access.policy import Access
from assistant.errors import LoginThrottledError

COOKIE = "pa_session"
# Paths a signed-out browser may load: the login page itself and nothing of the app.
_PUBLIC = ("/login", "/logout", "/favicon.ico")
_UPLOAD_SUFFIX = "/upload"


def session_user(access: Access, request: Request) -> str | None:
    """The signed-in account of a request (None: no valid session)."""
    return access.sessions.user_of(request.cookies.get(COOKIE))


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never //host or a scheme) may be the page after signing in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def login_page(message: str = "", next_path: str = "/", status: int = 200) -> HTMLResponse:
    """The sign-in form (Chinese), with an error message when there is one."""
    error = f"<p class='error' role='alert'>{html.escape(message)}</p>" if message else ""
    body = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>登录 · 政策文件问答助手</title>
<style>body{{font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#f5f6f8;margin:0;display:flex;
min-height:100vh;align-items:center;justify-content:center}}form{{background:#fff;padding:28px 32px;border-radius:10px;
box-shadow:0 2px 12px rgba(0,0,0,.08);width:min(340px,90vw)}}h1{{font-size:20px;margin:0 0 6px}}
p.hint{{color:#595959;font-size:13px;margin:0 0 18px}}label{{display:block;font-size:14px;margin:12px 0 4px}}
input{{width:100%;box-sizing:border-box;padding:9px 10px;border:1px solid #c9c9c9;border-radius:6px;font-size:15px}}
button{{margin-top:18px;width:100%;padding:10px;border:0;border-radius:6px;background:#2f54eb;color:#fff;font-size:15px;
cursor:pointer}}.error{{color:#a8071a;background:#fff1f0;border:1px solid #ffa39e;padding:8px 10px;border-radius:6px;
font-size:14px}}</style></head><body><form method="post" action="/login">
<h1>政策文件问答助手</h1><p class="hint">请使用工作账号登录（账号由管理员添加）。</p>{error}
<label for="username">用户名</label><input id="username" name="username" type="text" autocomplete="username" required
maxlength="64">
<label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password"
required maxlength="256"><input type="hidden" name="next" value="{html.escape(next_path)}">
<button type="submit" id="login">登录</button></form></body></html>"""
    return HTMLResponse(body, status_code=status)


def add_sign_in(app: FastAPI, access: Access) -> Callable[[Request], str | None]:
    """Add /login and /logout to `app` and the request checks; returns Gradio's auth dependency."""
    hashing = asyncio.Semaphore(1)  # one scrypt check at a time: ~50 ms of one core each

    @app.get("/login")
    def show_login(request: Request) -> Response:
        if session_user(access, request):
            return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
        return login_page(next_path=_safe_next(request.query_params.get("next")))

    @app.post("/login")
    async def do_login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("username", "")).strip()[:64], str(form.get("password", ""))
        next_path = _safe_next(str(form.get("next", "")) or None)
        address = _address(request)
        try:
            access.throttle.begin(name, address)
        except LoginThrottledError as exc:
            headers = {"Retry-After": str(exc.retry_after)}
            if _wants_html(request):
                page = login_page(str(exc), next_path, status=429)
                page.headers.update(headers)
                return page
            return JSONResponse({"detail": str(exc)}, status_code=429, headers=headers)
        async with hashing:
            user = await run_in_threadpool(access.accounts.authenticate, name, password)
        if user is None:
            if _wants_html(request):
                return login_page("用户名或密码不正确（或账号已停用）。", next_path, status=401)
            return JSONResponse({"detail": "Incorrect credentials."}, status_code=401)
        access.throttle.succeeded(name, address)
        token = await run_in_threadpool(access.sessions.begin, user.name)
        response: Response = (
            RedirectResponse(next_path, status_code=303) if _wants_html(request) else JSONResponse({"success": True})
        )
        response.set_cookie(
            COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https", max_age=7 * 24 * 3600
        )
        return response

    @app.api_route("/logout", methods=["GET", "POST"])
    def do_logout(request: Request) -> Response:
        access.sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    return lambda request: session_user(access, request)


def add_request_checks(app: FastAPI, access: Access, max_upload_bytes: int) -> None:
    """Checks before Gradio: a signed-out browser is sent to the login page; only those who may manage
    documents may upload a file at all, and never more than `max_upload_bytes`."""

    @app.middleware("http")
    async def check(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if request.method == "POST" and path.rstrip("/").endswith(_UPLOAD_SUFFIX):
            user = await run_in_threadpool(session_user, access, request) if access.sign_in else None
            if not access.may_manage(user):
                return _refuse(403, "只有编辑可以上传文件。")
            length = request.headers.get("content-length", "")
            if not length.isdigit() or int(length) > max_upload_bytes + 64 * 1024:  # multipart framing
                return _refuse(413, f"上传的文件超过 {max_upload_bytes // 2**20} MB 上限。")
        elif (
            access.sign_in
            and request.method == "GET"
            and _wants_html(request)
            and path not in _PUBLIC
            and not await run_in_threadpool(session_user, access, request)
        ):
            return RedirectResponse(f"/login?next={_safe_next(path)}", status_code=303)
        return await call_next(request)


def _refuse(status: int, message: str) -> Response:
    return Response(
        json.dumps({"error": message}, ensure_ascii=False), status_code=status, media_type="application/json"
    )
