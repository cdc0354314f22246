from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_users_are_created_and_their_passwords_printed(settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    assert "alice    alice-demo-2026" in out.getvalue()
    request = RequestFactory().post("/accounts/login/")  # sign-ins are checked per request
    assert authenticate(request, username="carol", password="carol-demo-2026") is not None
    assert User.objects.get(username="carol").is_staff
    assert not User.objects.get(username="alice").is_staff


def test_running_it_twice_is_safe(settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("create_demo_users", stdout=StringIO())
    call_command("create_demo_users", stdout=StringIO())
    assert User.objects.count() == 7


def test_it_refuses_to_run_with_debug_off(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="must never exist in production"):
        call_command("create_demo_users")
    assert not User.objects.exists()


def test_list_prints_the_sign_ins_and_changes_nothing(settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    out = StringIO()
    call_command("create_demo_users", "--list", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Demo users (local use only):"
    assert "  carol    carol-demo-2026    admin: edits the matrix at /admin/" in lines
    assert not User.objects.exists()
