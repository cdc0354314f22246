from django.urls import include, path

from accounts import views

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/invitations/<int:pk>/", views.invitation, name="invitation"),
    path("accounts/", include("django.contrib.auth.urls")),
]
