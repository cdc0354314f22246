from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from skills.models import Skill
from tests.conftest import make_user
from tests.factories import make_matrix


@pytest.fixture
def pytorch(db: None) -> Skill:
    """Two roles (role-000, role-001) x five levels, three criteria per cell."""
    return make_matrix(roles=2, criteria=3)


@pytest.fixture
def dave(db: None) -> User:
    """A curator who is not a superuser: the permission comes from a group."""
    curators = Group.objects.get(name="Curators")  # created by migrate
    user = make_user("dave")
    user.groups.add(curators)
    return user
