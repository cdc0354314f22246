from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People who sign in: engineers, managers and admins."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.models import User
        from levels.ladder import level_counter, register_reference

        # Removing a level that is someone's career level is refused.
        register_reference(_("people's career level"), level_counter(User, "career_level__number"))
