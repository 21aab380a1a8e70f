"""The school's own OpenID Connect provider, as an allauth provider.

allauth's OpenID Connect provider, at addresses of its own (/accounts/school/<id>/...), plus
a nonce: a random value sent with the authorisation request, kept in the sign-in's state,
and required back in the ID token (adapters.SocialAccountAdapter checks it), so a token
issued for another sign-in is not accepted. The state itself (one use, tied to this
browser's session) is allauth's.
"""

import secrets

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import Http404
from django.urls import reverse


class SchoolOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def get_callback_url(self, request, app):
        url = reverse("school_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, url, self.redirect_uri_protocol)


class SchoolProvider(OpenIDConnectProvider):
    id = "school"
    name = "School"
    package = "signin"  # its URLs: signin/urls.py, under /accounts/
    oauth2_adapter_class = SchoolOAuth2Adapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(24)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        # Remaining keyword arguments are stashed in the state, which the callback unstashes.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(SchoolOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request, provider_id):
    try:
        return OAuth2CallbackView.adapter_view(SchoolOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


provider_classes = [SchoolProvider]
