from django import forms
from django.utils.translation import gettext_lazy as _


class AddMemberForm(forms.Form):
    who = forms.CharField(
        label=_("Username or email"),
        max_length=254,
        help_text=_("The person must already have an account."),
    )


class RemoveMemberForm(forms.Form):
    """The members page's "Remove" buttons post the username as ``remove``."""

    remove = forms.CharField(max_length=150)


class CalibrationForm(forms.Form):
    """One calibration item marked discussed or resolved, with a note."""

    rating = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("discussed", _("Discussed")), ("resolved", _("Resolved"))],
    )
    note = forms.CharField(
        label=_("Note for the engineer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
