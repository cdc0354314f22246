"""Strings Django itself shows but its own catalogues do not translate yet
(new in Django 6.1). Marked here so that makemessages puts them in ours,
which take precedence."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),  # BLANK_CHOICE_LABEL, the empty <select> choice
]
