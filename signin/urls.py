"""The school providers' login and callback addresses, which allauth mounts under
/accounts/ (registered through provider.py)."""

from django.urls import include, path

from .provider import callback, login

urlpatterns = [
    path(
        "school/<str:provider_id>/",
        include(
            [
                path("login/", login, name="school_login"),
                path("login/callback/", callback, name="school_callback"),
            ]
        ),
    )
]
