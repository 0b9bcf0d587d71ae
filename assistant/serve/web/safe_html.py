"""The chat's own HTML sanitiser: only the tags and attributes the answer views write get through.

The chatbot's sanitiser in the browser drops `data-*` attributes, which the citation links need
(`data-cite`, `data-chunk`, `data-copy`), so it is off for the chat and this one runs on the server
on every message instead. Every document-derived string is escaped before it is put into markup
(render.md_escape); this is the second line: whatever slipped through, no script, handler, foreign
link or unknown tag reaches the page.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    "a b br details div em li mark span strong summary table tbody td th thead tr ul ol sup".split()
)
# No id: markup in a message must never take over an element id of the page (#source-viewer, #send …).
ALLOWED_ATTRIBUTES = frozenset({"class", "style", "title", "href", "data-cite", "data-chunk", "data-copy"})
VOID_TAGS = frozenset({"br"})


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            return
        kept = "".join(f' {name}="{_attribute_value(value)}"' for name, value in attrs if _attribute_ok(name, value))
        self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def _attribute_value(value: str | None) -> str:
    """An attribute value escaped, its line breaks as character references: the chat renders Markdown
    around the HTML, and a blank line inside an attribute would end the HTML block there."""
    return html.escape(value or "", quote=True).replace("\r", "").replace("\n", "&#10;")


def _attribute_ok(name: str, value: str | None) -> bool:
    if name not in ALLOWED_ATTRIBUTES:
        return False
    if name == "href":  # links only move within the page (the source viewer)
        return (value or "").startswith("#")
    if name == "style":  # no url() (a request to another host) and no legacy expression()
        lowered = (value or "").lower()
        return "url(" not in lowered and "expression(" not in lowered
    return True


def clean_html(markup: str) -> str:
    """`markup` with only ALLOWED_TAGS and ALLOWED_ATTRIBUTES kept (comments, scripts' tags and every
    other tag dropped; their text stays, escaped)."""
    cleaner = _Cleaner()
    cleaner.feed(markup)
    cleaner.close()
    return "".join(cleaner.out)
