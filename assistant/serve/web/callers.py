"""Who is calling: the signed-in user of a Gradio request, and the key a per-user limit counts."""

from __future__ import annotations

import gradio as gr

from assistant.access.policy import Access


def request_user(request: gr.Request | None) -> str | None:
    """The signed-in user name of a request (None: no sign-in, or an anonymous caller)."""
    return getattr(request, "username", None) if request is not None else None


def caller(access: Access, request: gr.Request | None) -> tuple[str | None, str | None]:
    """(signed-in user name or None, the key a per-user limit counts: see Access.limit_key)."""
    user = request_user(request)
    client = getattr(request, "client", None) if request is not None else None
    return user, access.limit_key(user, getattr(client, "host", "") or "unknown")
