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

    from skillsmatrix.mail import ReadableConsoleBackend

    stream = io.StringIO()
    link = "http://127.0.0.1:8000/accounts/reset/MQ/" + "x" * 80 + "/"
    ReadableConsoleBackend(stream=stream).send_messages(
        [EmailMessage("Reset", f"Open {link}", "noreply@example.com", ["alice@example.com"])]
    )
    assert link in stream.getvalue()
    assert "To: alice@example.com" in stream.getvalue()
