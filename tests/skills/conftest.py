from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import write_matrix


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """A valid matrix already in the database, to prove a bad import keeps it."""
    folder = write_matrix(tmp_path / "good")
    call_command("import_matrix", str(folder), stdout=StringIO())
    return folder
