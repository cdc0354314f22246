from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.urls import schema_urlpatterns
from skillsmatrix import health

admin.site.site_header = _("Skills Matrix administration")
admin.site.site_title = _("Skills Matrix")
admin.site.index_title = _("Content and people")


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Resolved per request: the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("readyz/queue", health.readyz_queue, name="readyz_queue"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    *schema_urlpatterns,
    path("", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("", include("teams.urls")),
    path("", include("community.urls")),
    path("", include("cycles.urls")),
    path("", include("plans.urls")),
    path("", include("inventory.urls")),
    path("", include("skills.urls")),
]


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """JSON for the API, the friendly page for people."""
    if request.path.startswith("/api/"):
        from api.exceptions import not_found

        return not_found(request, exception)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception or Exception())


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from api.exceptions import bad_request

        return bad_request(request, exception)
    from django.views.defaults import bad_request as page_bad_request

    return page_bad_request(request, exception or Exception())


def handler500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from api.exceptions import server_error

        return server_error(request)
    from django.views.defaults import server_error as page_server_error

    return page_server_error(request)
