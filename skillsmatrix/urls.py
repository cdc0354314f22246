from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

admin.site.site_header = _("Skills Matrix administration")
admin.site.site_title = _("Skills Matrix")
admin.site.index_title = _("Content and people")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and serving. (Readiness of the database and cache is a
    separate question for a separate endpoint.)"""
    return HttpResponse("ok\n", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Resolved per request: the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("", include("teams.urls")),
    path("", include("skills.urls")),
]
