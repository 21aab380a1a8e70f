from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigninConfig(AppConfig):
    """Sign-in with the school's own account (Microsoft, Google, an OpenID Connect provider
    such as Entree Federatie), the school's sign-in policy, and two-step sign-in."""

    name = "signin"
    verbose_name = _("Sign-in")
