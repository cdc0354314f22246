"""PDF documents rendered on the server: a Django template turned into a PDF
by WeasyPrint (Pango and fontconfig underneath, Debian's fonts for English,
German and Chinese).

Nothing is fetched while rendering: the stylesheet is read from our static
files and handed over as a string, and the URL fetcher refuses every URL, so a
link or an image in user-written text can never make the server call out.
"""

from __future__ import annotations

import logging
import time
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

STYLESHEET = "css/pdf.css"
# A marker that cannot appear in a translation, to split "Page X of Y".
_MARK = "\x00"


@cache
def refuse_every_url() -> Any:
    from weasyprint.urls import URLFetcher, URLFetchingError

    class NoFetching(URLFetcher):  # type: ignore[misc]
        """Serves nothing: the document carries everything it needs."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise URLFetchingError(f"PDF rendering fetches nothing: {url}")

    return NoFetching()


@cache
def _stylesheet() -> Any:
    """Parsed once per process (it has no @font-face, so no font set-up)."""
    from weasyprint import CSS

    found = finders.find(STYLESHEET)
    if not found:
        raise FileNotFoundError(STYLESHEET)
    text = Path(str(found)).read_text(encoding="utf-8")
    return CSS(string=text, url_fetcher=refuse_every_url())


def page_label_parts() -> tuple[str, str, str]:
    """The footer's "Page X of Y" in the current language, as the text before
    X, between X and Y, and after Y (the counters are CSS's)."""
    text = _("Page %(page)s of %(pages)s") % {"page": _MARK + "1", "pages": _MARK + "2"}
    before, rest = text.split(_MARK + "1", 1)
    between, after = rest.split(_MARK + "2", 1)
    return before, between, after


def document_context() -> dict[str, Any]:
    """What every PDF template shows in its margins: the generation date
    (localized) and the page label's parts."""
    before, between, after = page_label_parts()
    return {
        "pdf_generated": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        "pdf_page_before": before,
        "pdf_page_between": between,
        "pdf_page_after": after,
        "pdf_language": get_language() or settings.LANGUAGE_CODE,
    }


def render_pdf(template_name: str, context: dict[str, Any], request: HttpRequest) -> bytes:
    """The template rendered to HTML, then to PDF bytes."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter()
    html = render_to_string(template_name, {**document_context(), **context}, request=request)
    pdf = HTML(string=html, base_url=None, url_fetcher=refuse_every_url()).write_pdf(
        stylesheets=[_stylesheet()], font_config=FontConfiguration()
    )
    logger.info(
        "pdf_rendered",
        extra={
            "template": template_name,
            "bytes": len(pdf or b""),
            "ms": round((time.perf_counter() - started) * 1000),
        },
    )
    return bytes(pdf or b"")


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF download named ``filename`` (ASCII, from slugs and numbers)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Length"] = str(len(pdf))
    return response
