"""Nobody takes over a colleague's account: not the school leader, a staff admin or a
superuser. The whole path is tried: give the teacher's account an address you control,
reset its password, sign in, read her private reflection. It stops where the teacher
must confirm, her own address hears of it, and the reflection stays unread."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reflections.models import Reflection
from teams.models import EmailChange, User
from tests.factories import PASSWORD
from tests.helpers import seen, text

ATTACKER_MAILBOX = "overname@example.org"
SECRET = "Mijn twijfel over groep 5"


@pytest.fixture
def world(world_tx):
    # Account mail goes out once the change is committed: real transactions here.
    return world_tx


@pytest.fixture
def teacher(world):
    """A teacher who uses the app: she signed in before and keeps a private reflection."""
    User.objects.filter(pk=world.teacher.pk).update(last_login=timezone.now())
    Reflection.objects.create(
        school=world.school, author=world.teacher, title=SECRET, proud_of=SECRET
    )
    # An address row of allauth's, as a password reset would look it up.
    EmailAddress.objects.create(user=world.teacher, email=world.teacher.email, primary=True)
    return User.objects.get(pk=world.teacher.pk)


def staff_data(person, **changes):
    return {
        "name": person.name,
        "email": person.email,
        "working_days": [str(d) for d in person.working_weekdays],
        "language": person.language,
        "role": person.role,
        "teams": [],
        "lead_of": [],
        **seen(person),
        **changes,
    }


def links_in(messages, address):
    return [
        link
        for message in messages
        if address in message.to
        for link in re.findall(r"https?://\S+", message.body)
    ]


def attempt_takeover(client, teacher, change_address) -> list[str]:
    """Every step an attacker would take; returns what the attacker's pages showed."""
    seen = []
    change_address()
    # "Forgot password" for the address the attacker controls.
    client.post(reverse("account_reset_password"), {"email": ATTACKER_MAILBOX})
    for link in links_in(mail.outbox, ATTACKER_MAILBOX):
        path = re.sub(r"^https?://[^/]+", "", link)
        response = client.get(path, follow=True)
        seen.append(text(response))
        seen.append(text(client.post(path, follow=True)))
    # Sign in as the teacher with the address, and read her journal and the reflection.
    client.logout()
    client.post(reverse("account_login"), {"login": ATTACKER_MAILBOX, "password": "nieuw-W8woord!"})
    reflection = Reflection.objects.get(author=teacher)
    for url in (reverse("reflections:journal"), reflection.get_absolute_url()):
        seen.append(text(client.get(url, follow=True)))
    return seen


def assert_nothing_taken(teacher, seen):
    teacher.refresh_from_db()
    assert teacher.email != ATTACKER_MAILBOX
    assert teacher.check_password(PASSWORD)
    assert not any(SECRET in page for page in seen)
    # No mail to the attacker's address carries a way into the teacher's account.
    to_attacker = [m.body for m in mail.outbox if ATTACKER_MAILBOX in m.to]
    reset_key = reverse("account_reset_password_from_key", args=["x", "y"]).split("x")[0]
    assert not any(reset_key in body for body in to_attacker)


@pytest.mark.parametrize("persona", ["leader", "admin"])
def test_a_leader_or_staff_admin_cannot_take_over_a_teacher_by_changing_her_address(
    world, client, teacher, persona
):
    attacker = getattr(world, persona)
    client.force_login(attacker)
    old_address = teacher.email

    def change_address():
        response = client.post(
            reverse("teams:edit_staff", args=[teacher.pk]),
            staff_data(teacher, email=ATTACKER_MAILBOX),
        )
        assert response.status_code == 302

    seen = attempt_takeover(client, teacher, change_address)

    assert_nothing_taken(teacher, seen)
    # The step that stops it: the change waits for the teacher herself.
    change = EmailChange.objects.get(user=teacher)
    assert change.confirmed_at is None
    # Her own address heard of it at once.
    notice = [m for m in mail.outbox if old_address in m.to]
    assert notice and ATTACKER_MAILBOX in notice[0].body
    # The link in the attacker's mailbox does nothing for the attacker, signed in or not.
    client.force_login(attacker)
    assert client.post(change.get_absolute_url()).status_code == 404
    client.logout()
    assert client.post(change.get_absolute_url()).status_code == 302  # to the login page
    teacher.refresh_from_db()
    assert teacher.email == old_address


def test_a_superuser_cannot_take_over_a_teacher_in_the_admin(world, client, teacher):
    root = User.objects.create_superuser(
        email="root@example.org", password="root-W8woord!", school=world.school, name="Beheer"
    )
    client.force_login(root)
    change_url = reverse("admin:teams_user_change", args=[teacher.pk])
    old_address = teacher.email

    def change_address():
        page = text(client.get(change_url))
        assert 'name="email"' not in page  # shown, not editable
        client.post(
            change_url,
            {
                "email": ATTACKER_MAILBOX,
                "name": teacher.name,
                "school": world.school.pk,
                "role": teacher.role,
                "language": teacher.language,
                "working_days": teacher.working_days,
                "is_active": "on",
            },
        )
        password_url = reverse("admin:auth_user_password_change", args=[teacher.pk])
        assert client.get(password_url).status_code == 403
        response = client.post(
            password_url, {"password1": "nieuw-W8woord!", "password2": "nieuw-W8woord!"}
        )
        assert response.status_code == 403

    seen = attempt_takeover(client, teacher, change_address)

    assert_nothing_taken(teacher, seen)
    teacher.refresh_from_db()
    assert teacher.email == old_address


def test_the_teacher_herself_confirms_the_new_address_and_her_old_one_is_told(
    world, client, teacher
):
    client.force_login(world.leader)
    client.post(
        reverse("teams:edit_staff", args=[teacher.pk]),
        staff_data(teacher, email="sanne.nieuw@example.org"),
    )
    old_address = teacher.email
    (link,) = links_in(mail.outbox, "sanne.nieuw@example.org")
    mail.outbox.clear()

    client.force_login(teacher)
    path = re.sub(r"^https?://[^/]+", "", link)
    assert "sanne.nieuw@example.org" in text(client.get(path))
    response = client.post(path, follow=True)

    teacher.refresh_from_db()
    assert teacher.email == "sanne.nieuw@example.org"
    assert "Je inlogadres is nu sanne.nieuw@example.org" in text(response)
    (notice,) = mail.outbox
    assert notice.to == [old_address]
    # The old address no longer finds the account.
    assert not EmailAddress.objects.filter(email=old_address).exists()
    # The link works once.
    client.post(path)
    assert EmailChange.objects.get(user=teacher).confirmed_at is not None


def test_an_account_nobody_used_yet_also_waits_for_confirmation(world, client):
    # Changing it at once, but only when the address is free, would tell the school which
    # addresses exist at other schools: every change waits for the person.
    new = User.objects.create_user(
        email="typfout@exmaple.org", school=world.school, name="Nieuwe Collega"
    )
    client.force_login(world.admin)
    client.post(
        reverse("teams:edit_staff", args=[new.pk]), staff_data(new, email="juist@example.org")
    )
    new.refresh_from_db()
    assert new.email == "typfout@exmaple.org"
    assert EmailChange.objects.get(user=new).new_email == "juist@example.org"


def test_staff_cannot_change_their_own_login_address_through_allauth(world, client_for):
    client = client_for(world.teacher)
    response = client.post(
        reverse("account_email"), {"email": ATTACKER_MAILBOX, "action_add": ""}, follow=True
    )
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email=ATTACKER_MAILBOX).exists()
    assert "Je school beheert de inlogadressen" in text(response)
    world.teacher.refresh_from_db()
    assert world.teacher.email != ATTACKER_MAILBOX


def test_a_password_reset_does_not_sign_anyone_in_and_is_announced(world, client):
    client.post(reverse("account_reset_password"), {"email": world.teacher.email})
    (reset,) = mail.outbox
    path = re.sub(r"^https?://[^/]+", "", re.findall(r"https?://\S+", reset.body)[0])
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": "nieuw-W8woord!", "password2": "nieuw-W8woord!"},
    )
    world.teacher.refresh_from_db()
    assert world.teacher.check_password("nieuw-W8woord!")
    assert "_auth_user_id" not in client.session  # not signed in by the reset
    assert any(world.teacher.email in m.to for m in mail.outbox[1:])  # the notice


def test_a_superuser_cannot_add_a_login_address_for_someone_in_the_admin(world, client, teacher):
    root = User.objects.create_superuser(
        email="root@example.org", password="root-W8woord!", school=world.school, name="Beheer"
    )
    client.force_login(root)
    # allauth's address rows would let a password reset find the teacher under it.
    assert client.get("/beheer/account/emailaddress/add/").status_code == 404
    assert not EmailAddress.objects.filter(email=ATTACKER_MAILBOX).exists()
