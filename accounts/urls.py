from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
from accounts.forms import PasswordResetForm

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("language/", views.language, name="set_language"),
    path("accounts/profile/", views.profile, name="profile"),
    path("me/notifications/", views.notifications, name="notifications"),
    path("me/invitations/<int:pk>/", views.invitation, name="invitation"),
    path("accounts/tokens/", views.tokens, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
