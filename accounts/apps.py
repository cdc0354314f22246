from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People who sign in: engineers, managers and admins."""

    name = "accounts"
    verbose_name = _("Accounts")
