from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """REST API v1: everything a person can do in the browser, for scripts and
    other tools, with token authentication and an OpenAPI schema."""

    name = "api"
    verbose_name = _("API")
