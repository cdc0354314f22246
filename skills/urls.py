from django.urls import path
from django.views.generic import RedirectView

from skills import import_views, views

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("skills/", RedirectView.as_view(pattern_name="catalogue", permanent=True)),
    path("skills/<slug:slug>/", views.skill_detail, name="skill_detail"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("roles/<slug:slug>/career-track.pdf", views.career_track_pdf, name="career_track_pdf"),
    path("levels/", views.level_list, name="level_list"),
    path("import/", import_views.upload, name="import_upload"),
    path("import/export/", import_views.export, name="skill_export"),
    path("import/<uuid:pk>/", import_views.preview, name="import_preview"),
    path("import/<uuid:pk>/confirm/", import_views.confirm, name="import_confirm"),
    path("import/<uuid:pk>/refresh/", import_views.refresh, name="import_refresh"),
    path("import/<uuid:pk>/cancel/", import_views.cancel, name="import_cancel"),
]
