from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """The people around a skill keep it current: they follow it, suggest
    edits that curators review, discuss it, and curators edit it in place with
    a history that can be reverted."""

    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from community.models import MatrixEdit, Proposal
        from levels.ladder import level_counter, register_reference

        register_reference(_("proposals"), level_counter(Proposal, "level__number"))
        register_reference(_("matrix edits"), level_counter(MatrixEdit, "level__number"))

        from community import receivers  # noqa: F401  (connects the signal handlers)
