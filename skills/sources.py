"""Files of any supported kind in, one validated ``MatrixBundle`` out.

An upload in the app (and anything else that holds files in memory) comes
here: each file's size and type are checked before any parser sees it
(``skills.uploads``), then YAML goes to ``skills.matrix_yaml`` and
spreadsheets to ``skills.spreadsheet``; the bundles are checked against each
other as one import. Never touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence

from skills.matrix_yaml import MatrixBundle, MatrixError, Problem, merge_bundles, parse_contents
from skills.uploads import SHEET_SUFFIXES, YAML_SUFFIXES, check_file, suffix_of


def parse_upload(files: Sequence[tuple[str, bytes]], *, max_bytes: int) -> MatrixBundle:
    """Check and parse (display name, content) pairs by their extension:
    ``.yaml``/``.yml`` with the YAML parser, ``.xlsx``/``.csv`` with the
    spreadsheet parser. Raises ``MatrixError`` naming every problem in every
    file; returns a bundle only when the whole upload is valid."""
    if not files:
        raise MatrixError([Problem("(no files)", None, "", "no files were given")])
    problems = [
        Problem(name, None, "", refusal)
        for name, content in files
        if (refusal := check_file(name, content, max_bytes=max_bytes))
    ]
    if problems:
        raise MatrixError(problems)
    yaml_files = [(n, c) for n, c in files if suffix_of(n) in YAML_SUFFIXES]
    sheets = [(n, c) for n, c in files if suffix_of(n) in SHEET_SUFFIXES]
    bundles: list[MatrixBundle] = []
    for parse, group in ((parse_contents, yaml_files), (_parse_sheets, sheets)):
        if not group:
            continue
        try:
            bundles.append(parse(group, max_bytes=max_bytes))
        except MatrixError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MatrixError(problems)
    return merge_bundles(bundles)


_NOT_YET = "spreadsheets are not supported yet"


def _parse_sheets(files: Sequence[tuple[str, bytes]], *, max_bytes: int) -> MatrixBundle:
    # Until skills/spreadsheet.py lands (branch sheets): the merge replaces this line.
    raise MatrixError([Problem(name, None, "", _NOT_YET) for name, _data in files])
