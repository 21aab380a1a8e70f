"""Two-step sign-in (allauth's TOTP and recovery codes): required for the school leader and
staff admins who sign in with a password, offered to everyone; and the school's switch
that turns passwords off for its staff."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from signin.models import SignInPolicy
from tests.factories import PASSWORD


def code_for(secret: str) -> str:
    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client: Client, user) -> object:
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_a_leader_with_a_password_sets_up_two_step_sign_in_before_anything_else(world):
    client = Client()
    sign_in(client, world.leader)
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url == reverse("mfa_activate_totp")
    assert client.get(reverse("dashboard:leader_dashboard")).url == reverse("mfa_activate_totp")
    # allauth asks for the password once more before an authenticator is added.
    assert client.get(reverse("mfa_activate_totp")).url.startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.leader, type="totp").exists()
    assert client.get(reverse("home")).status_code == 200


def test_with_two_step_set_up_the_leader_is_asked_for_a_code(world):
    secret = generate_totp_secret()
    TOTP.activate(world.leader, secret)
    client = Client()
    response = sign_in(client, world.leader)
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302  # not in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and client.get(reverse("home")).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert client.get(reverse("home")).status_code == 200


def test_a_recovery_code_works_once(world):
    TOTP.activate(world.leader, generate_totp_secret())
    code = RecoveryCodes.activate(world.leader).get_unused_codes()[0]
    first = Client()
    sign_in(first, world.leader)
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert first.get(reverse("home")).status_code == 200
    second = Client()
    sign_in(second, world.leader)
    second.post(reverse("mfa_authenticate"), {"code": code})
    assert second.get(reverse("home")).status_code == 302


def test_a_teacher_is_not_forced_but_can_set_up_two_step_sign_in(world):
    client = Client()
    sign_in(client, world.teacher)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert Authenticator.objects.filter(user=world.teacher, type="totp").exists()


def test_a_school_that_switched_passwords_off_keeps_them_for_its_leader_only(world):
    SignInPolicy.objects.create(school=world.school, password_for_staff=False)
    teacher = Client()
    response = sign_in(teacher, world.teacher)
    assert response.status_code == 200
    assert "Je school logt in met een eigen account" in response.content.decode()
    assert teacher.get(reverse("home")).status_code == 302
    leader = Client()
    assert sign_in(leader, world.leader).status_code == 302  # then two-step sign-in
