"""Who a school's provider may sign in, checked where it is decided (the social account
adapter), with the claims a provider could send; the browser journeys against a real
provider are in tests/e2e/test_school_sign_in.py."""

import pytest
from allauth.core.context import request_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from signin.adapters import SocialAccountAdapter
from signin.models import IdentityProvider, SignInPolicy
from signin.services import link_from_token
from tests.helpers import text

TENANT = "tenant-van-de-linde"


@pytest.fixture
def microsoft(world):
    row = IdentityProvider(
        school=world.school,
        kind="microsoft",
        label="Inloggen met Microsoft",
        client_id="plc",
        tenant_id=TENANT,
    )
    row.set_secret("geheim-van-de-linde")
    row.save()
    return row


def attempt(provider, *, claims, nonce="n-1", sent_nonce="n-1", user=None, uid="sub-1"):
    """What the adapter decides for a provider's answer; returns the refusal or None."""
    account = SocialAccount(
        provider=provider.provider_id,
        uid=uid,
        extra_data={"id_token": {"nonce": nonce, **claims}, "userinfo": claims},
    )
    login = SocialLogin(account=account, user=user)
    login.state = {"nonce": sent_nonce}
    request = RequestFactory().get("/")
    request.session = SessionStore()
    try:
        with request_context(request):  # as allauth's middleware sets it
            SocialAccountAdapter().pre_social_login(request, login)
    except ImmediateHttpResponse as stop:
        return stop.response
    return None


def refusal(response) -> str:
    assert response is not None and response.status_code == 403
    return response.content.decode()


def test_an_id_token_without_this_sign_ins_nonce_is_refused(world, microsoft):
    claims = {"email": world.teacher.email, "tid": TENANT}
    page = refusal(attempt(microsoft, claims=claims, nonce="van-een-andere-keer"))
    assert "twee keer gebruikt" in page
    assert "twee keer gebruikt" in refusal(attempt(microsoft, claims=claims, sent_nonce=None))


def test_a_known_colleague_is_asked_to_confirm_from_their_own_mailbox(world, microsoft):
    response = attempt(microsoft, claims={"email": world.teacher.email.upper(), "tid": TENANT})
    assert response.status_code == 200 and "Kijk in je mail" in response.content.decode()
    assert mail.outbox[-1].to == [world.teacher.email]
    assert not SocialAccount.objects.exists()  # nothing linked before their yes


def test_school_as_provider_cannot_sign_in_a_colleague_of_another_school(world, microsoft):
    claims = {"email": world.outsider.email, "tid": TENANT, "email_verified": True}
    assert "niet in het personeelsbestand" in refusal(attempt(microsoft, claims=claims))
    assert mail.outbox == []
    # Nor through a subject linked to them somehow (e.g. a database edited by hand).
    SocialAccount.objects.create(user=world.outsider, provider=microsoft.provider_id, uid="x")
    linked = attempt(microsoft, claims=claims, user=world.outsider, uid="x")
    assert "niet in het personeelsbestand" in refusal(linked)


def test_a_link_made_for_one_school_does_not_work_at_another(world, microsoft):
    other = IdentityProvider(
        school=world.outsider.school,
        kind="oidc",
        label="Entree",
        client_id="plc",
        server_url="https://connect.example.test",
    )
    other.set_secret("x")
    other.save()
    from django.core import signing

    from signin.services import LINK_SALT

    forged = signing.dumps(
        {"user": world.teacher.pk, "provider": other.pk, "uid": "u"}, salt=LINK_SALT
    )
    assert link_from_token(forged) is None
    assert link_from_token("niet-ondertekend") is None
    assert not SocialAccount.objects.exists()


def test_google_needs_the_schools_domain_and_a_verified_address(world):
    google = IdentityProvider(
        school=world.school, kind="google", label="Google", client_id="c", domain="delinde.nl"
    )
    google.set_secret("s")
    google.save()
    ok = {"email": world.teacher.email, "email_verified": True, "hd": "delinde.nl"}
    assert attempt(google, claims=ok).status_code == 200  # asked to confirm by mail
    assert "niet van je school" in refusal(attempt(google, claims={**ok, "hd": "gmail.com"}))
    assert "bevestigde je e-mailadres niet" in refusal(
        attempt(google, claims={**ok, "email_verified": False})
    )


def test_a_new_colleague_gets_an_account_only_where_the_school_switched_that_on(world, microsoft):
    claims = {"email": "nieuw@delinde.nl", "tid": TENANT, "name": "Nieuwe Collega"}
    assert "niet in het personeelsbestand" in refusal(attempt(microsoft, claims=claims))
    SignInPolicy.objects.create(school=world.school, new_accounts_domain="delinde.nl")
    assert attempt(microsoft, claims=claims) is None  # in: made and linked
    linked = SocialAccount.objects.get(provider=microsoft.provider_id)
    assert linked.user.email == "nieuw@delinde.nl" and linked.user.school == world.school
    assert not linked.user.has_usable_password()


@pytest.mark.parametrize("persona,status", [("leader", 200), ("admin", 403), ("teacher", 403)])
def test_only_the_school_leader_sets_the_ways_in(world, client_for, persona, status):
    assert client_for(getattr(world, persona)).get(reverse("signin:settings")).status_code == status
    new = reverse("signin:new_provider")
    response = client_for(getattr(world, persona)).post(
        new,
        {
            "kind": "oidc",
            "label": "Eigen",
            "client_id": "c",
            "secret": "s",
            "server_url": "https://idp.example.test",
            "is_enabled": "on",
        },
    )
    assert response.status_code == (302 if status == 200 else 403)
    assert IdentityProvider.objects.exists() == (status == 200)


def test_the_client_secret_is_stored_encrypted_and_never_shown(world, client_for, microsoft):
    client = client_for(world.leader)
    page = text(client.get(reverse("signin:edit_provider", args=[microsoft.pk])))
    assert "geheim-van-de-linde" not in page and "Er is een geheim bewaard." in page
    raw = IdentityProvider.objects.values_list("secret_encrypted", flat=True).get()
    assert "geheim-van-de-linde" not in raw
    assert IdentityProvider.objects.get().secret() == "geheim-van-de-linde"
    # Saving without typing it again keeps it.
    form = {
        "kind": "microsoft",
        "label": "Microsoft",
        "client_id": "plc",
        "tenant_id": TENANT,
        "is_enabled": "on",
    }
    assert (
        client.post(reverse("signin:edit_provider", args=[microsoft.pk]), form).status_code == 302
    )
    assert IdentityProvider.objects.get().secret() == "geheim-van-de-linde"
