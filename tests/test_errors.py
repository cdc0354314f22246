"""One domain-error hierarchy, answered in one place for pages and one for the
API: the status and message come from the error, whoever raised it."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from common.errors import Conflict, DomainError, DomainErrorPages, NotAllowed, TooMany


def raising(error: DomainError) -> DomainErrorPages:
    def view(request: HttpRequest) -> HttpResponse:
        raise error

    return DomainErrorPages(view)


@pytest.mark.parametrize(
    ("error", "status"),
    [(Conflict("Someone saved first."), 409), (NotAllowed("Not yours."), 403),
     (TooMany("Slow down."), 429), (DomainError("Bad input."), 400)],
)  # fmt: skip
def test_a_page_shows_the_refusal_with_its_status(
    rf: RequestFactory, db: None, error: DomainError, status: int
) -> None:
    request = rf.get("/somewhere/")
    middleware = raising(error)
    try:
        middleware(request)
    except DomainError as raised:
        response = middleware.process_exception(request, raised)
    assert response is not None
    assert response.status_code == status
    page = response.content.decode()
    assert f'<p class="message message--error" role="alert">{error.message}</p>' in page
    assert "<title>That did not work" in page


def test_htmx_gets_only_the_message_to_swap_in(rf: RequestFactory, db: None) -> None:
    request = rf.get("/somewhere/", headers={"HX-Request": "true"})
    response = DomainErrorPages(lambda r: HttpResponse()).process_exception(
        request, Conflict("Someone saved first.")
    )
    assert response is not None
    assert response.status_code == 409
    assert response.content.decode().strip() == (
        '<p class="message message--error" role="alert">Someone saved first.</p>'
    )


def test_other_exceptions_are_not_the_middlewares_business(rf: RequestFactory) -> None:
    request = rf.get("/")
    assert DomainErrorPages(lambda r: HttpResponse()).process_exception(request, KeyError()) is None


def test_the_message_is_escaped(rf: RequestFactory, db: None) -> None:
    response = DomainErrorPages(lambda r: HttpResponse()).process_exception(
        rf.get("/"), DomainError("<script>alert(1)</script>")
    )
    assert response is not None
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()
