from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Skills Matrix administration")
admin.site.site_title = _("Skills Matrix")
admin.site.index_title = _("Content and people")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("skills.urls")),
]
