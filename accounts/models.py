from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Our own user model from the first migration, so that later work can add
    a role, teams and API tokens without swapping models mid-project."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
