"""Validators shared by the apps. Imports nothing from them."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)

validate_slug = RegexValidator(
    SLUG_RE,
    _("Use lowercase letters, digits and single hyphens, e.g. “ml-engineer”."),
    code="invalid_slug",
)
