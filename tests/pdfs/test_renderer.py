"""The renderer itself: it fetches nothing, and the page label keeps the
counters where the language puts them."""

from __future__ import annotations

import pytest
from django.utils import translation
from weasyprint.urls import URLFetchingError

from common.pdf import page_label_parts, refuse_every_url


def test_the_renderer_refuses_every_url() -> None:
    for url in ("http://169.254.169.254/latest", "file:///etc/passwd", "data:text/plain,hi"):
        with pytest.raises(URLFetchingError):
            refuse_every_url().fetch(url)


def test_the_page_label_is_split_around_the_two_counters() -> None:
    with translation.override("en"):
        assert page_label_parts() == ("Page ", " of ", "")
