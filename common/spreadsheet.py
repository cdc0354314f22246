"""CSV that spreadsheets open safely, written row by row."""

from __future__ import annotations


def spreadsheet_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ (or a tab or
    carriage return) would make it run the rest as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class Echo:
    """A file for ``csv.writer`` whose ``writerow`` returns the line it wrote,
    so rows can be streamed or joined without a buffer."""

    def write(self, value: str) -> str:
        return value
