"""Read responses as a person would: the visible text, whitespace collapsed."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any


class _TextExtractor(HTMLParser):
    SKIP = {"script", "style", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(response_or_html: Any) -> str:
    html = (
        response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    )
    parser = _TextExtractor()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def between(text: str, start: str, end: str) -> str:
    """The part of ``text`` from ``start`` up to ``end``."""
    begin = text.index(start)
    return text[begin : text.index(end, begin)]


class _FormReader(HTMLParser):
    """Collects the values a browser would submit for the first <form> whose
    id matches (or the first form on the page)."""

    def __init__(self, form_id: str | None) -> None:
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.done = False
        self.data: dict[str, Any] = {}
        self._select: str | None = None
        self._select_multiple = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs_list: Any) -> None:
        attrs = dict(attrs_list)
        if (
            tag == "form"
            and not self.done
            and (self.form_id is None or attrs.get("id") == self.form_id)
        ):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self._select_multiple = "multiple" in attrs
            if self._select_multiple:
                self.data[name] = []
        elif tag == "option" and self._select and "selected" in attrs:
            if self._select_multiple:
                self.data[self._select].append(attrs.get("value", ""))
            else:
                self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form = False
            self.done = True
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.in_form:
            self.data[self._textarea] += (
                data.lstrip("\n") if not self.data[self._textarea] else data
            )


def form_data(response: Any, form_id: str | None = None) -> dict[str, Any]:
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data
