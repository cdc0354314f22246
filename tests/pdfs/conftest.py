"""Reading the PDFs the way a person does: the text poppler extracts
(``pdftotext``), the fonts embedded (``pdffonts``), a page as a PNG
(``pdftoppm``). poppler-utils is installed by ``make run``'s setup, .ci/run
and the Dockerfile's test of the image."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = {tool: shutil.which(tool) or "" for tool in ("pdftotext", "pdffonts", "pdftoppm")}
POPPLER = all(TOOLS.values())


@pytest.fixture(autouse=True)
def _needs_poppler() -> None:
    if not POPPLER:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")


def _run(tool: str, *args: str, data: bytes) -> str:
    done = subprocess.run(  # noqa: S603  (a fixed tool by its full path, no shell)
        [TOOLS[tool], *args], input=data, capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode()


def pdf_text(data: bytes) -> str:
    """The text a reader can select and copy, pages separated by form feeds;
    runs of whitespace collapsed so that line breaks do not matter."""
    assert data.startswith(b"%PDF-"), data[:40]
    raw = _run("pdftotext", "-enc", "UTF-8", "-", "-", data=data)
    return "\f".join(" ".join(page.split()) for page in raw.split("\f"))


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return _run("pdffonts", str(path), data=b"")


def pdf_page_png(data: bytes, tmp_path: Path, name: str, page: int = 1) -> Path:
    """Page ``page`` as a PNG beside the test's files (look at it)."""
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(data)
    prefix = tmp_path / name
    pages = ["-f", str(page), "-l", str(page)]
    _run("pdftoppm", "-png", "-r", "50", *pages, "-singlefile", str(source), str(prefix), data=b"")
    return prefix.with_suffix(".png")
