"""Reading the PDFs the way a person does: the text poppler extracts
(``pdftotext``), the fonts embedded (``pdffonts``), a page as a PNG
(``pdftoppm``). poppler-utils is installed by ``make run``'s setup, .ci/run
and the Dockerfile's test of the image."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm"))


@pytest.fixture(autouse=True)
def _needs_poppler() -> None:
    if not POPPLER:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")


def _run(*args: str, data: bytes) -> str:
    done = subprocess.run(  # noqa: S603  (fixed tools, no shell)
        list(args), input=data, capture_output=True, check=True, timeout=60
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
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
         str(source), str(prefix)],
        check=True, timeout=60,
    )  # fmt: skip
    return prefix.with_suffix(".png")
