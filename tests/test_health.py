from django.test import Client


def test_healthz_answers_ok_without_the_database(client: Client) -> None:
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"].startswith("max-age=0")


def test_favicon_ico_points_at_our_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


def test_the_development_console_prints_emails_readably() -> None:
    import io

    from django.core.mail import EmailMessage

    from common.mail import ReadableConsoleBackend

    stream = io.StringIO()
    link = "http://127.0.0.1:8000/accounts/reset/MQ/" + "x" * 80 + "/"
    ReadableConsoleBackend(stream=stream).send_messages(
        [EmailMessage("Reset", f"Open {link}", "noreply@example.com", ["alice@example.com"])]
    )
    assert link in stream.getvalue()
    assert "To: alice@example.com" in stream.getvalue()


def test_a_nul_character_in_the_address_is_a_400(client: Client, db: None) -> None:
    api = client.get("/api/v1/skills/", {"domain": "a\x00b"})
    assert api.status_code == 400
    assert api.json() == {"detail": "The address contains a NUL character.", "code": "invalid"}
    page = client.get("/teams/", {"skill": "\x00"})
    assert page.status_code == 400
