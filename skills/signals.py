"""Signals sent by the matrix, for apps that build on it.

``matrix_changed`` is sent once per committed change to one or more skills
(an import, an admin save, an in-app edit), after the transaction commits,
with ``skill_ids`` (the skills whose version went up), ``by`` (the person, or
None for a command-line import) and ``reason`` (a short phrase for people,
e.g. "import") and ``told`` (ids of people already told in their own words,
e.g. the author of an accepted proposal). Criteria the change revised carry
``recheck_pending`` until a receiver has dealt with them. The
``community`` app notifies followers from it, ``assessments`` asks people to
re-check revised criteria: the matrix never imports the apps that build on it.
"""

from __future__ import annotations

from django.dispatch import Signal

matrix_changed = Signal()
