from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People who sign in: engineers, managers and admins."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models import Count

        from accounts.models import User
        from levels.ladder import count_by, register_reference

        # Removing a level that is someone's career level is refused.
        register_reference(
            _("people's career level"),
            lambda numbers: count_by(
                User.objects.filter(career_level__number__in=numbers)
                .values_list("career_level__number")
                .annotate(n=Count("pk"))
                .order_by()
            ),
        )
