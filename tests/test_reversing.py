"""Addresses are remembered (core.reversing): each must still be the one Django's reverse
gives in that place, with that prefix and that URLconf, in a view and in a template."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, set_script_prefix, set_urlconf
from django.urls import reverse as django_reverse

from core.reversing import reverse

ASKED = [
    ("home", (), {}),
    ("inquiries:initiative_detail", (7,), {}),
    ("inquiries:initiative_detail", (8,), {}),
    ("teams:team_detail", (3,), {}),
    ("dashboard:team_overview", (), {"pk": 5}),
]


@pytest.fixture
def prefix():
    yield
    set_script_prefix("/")
    set_urlconf(None)


def test_each_address_is_djangos_for_what_is_asked_and_asked_again(prefix):
    for _ in range(2):
        for name, args, kwargs in ASKED:
            assert reverse(name, args=args, kwargs=kwargs) == django_reverse(
                name, args=args, kwargs=kwargs
            )
    assert reverse("inquiries:initiative_detail", args=[7]) != reverse(
        "inquiries:initiative_detail", args=[8]
    )


def test_an_address_follows_the_script_prefix_and_the_urlconf_of_the_moment(prefix):
    plain = reverse("inquiries:initiative_detail", args=[7])
    set_script_prefix("/school/")
    assert reverse("inquiries:initiative_detail", args=[7]) == "/school" + plain
    set_script_prefix("/")
    set_urlconf("tests.urls_elsewhere")
    assert reverse("inquiries:initiative_detail", args=[7]) == "/elders/7/"
    set_urlconf(None)
    assert reverse("inquiries:initiative_detail", args=[7]) == plain
    with override_settings(ROOT_URLCONF="tests.urls_elsewhere"):
        assert reverse("inquiries:initiative_detail", args=[7]) == "/elders/7/"
    assert reverse("inquiries:initiative_detail", args=[7]) == plain


def test_what_cannot_be_remembered_goes_to_django_and_an_unknown_name_still_fails(prefix):
    class Pk:
        def __str__(self):
            return "9"

    assert reverse("inquiries:initiative_detail", args=[Pk()]) == django_reverse(
        "inquiries:initiative_detail", args=[9]
    )
    with pytest.raises(NoReverseMatch):
        reverse("no-such-page")


def test_the_url_tag_gives_the_same_addresses_and_stays_quiet_with_as(prefix):
    template = Template(
        "{% url 'inquiries:initiative_detail' pk %}|{% url 'home' %}?a=1&b=2|"
        "{% url 'no-such-page' as nowhere %}[{{ nowhere }}]|{% url name pk as there %}{{ there }}"
    )
    rendered = template.render(Context({"pk": 4, "name": "teams:team_detail"}))
    assert rendered == (
        f"{django_reverse('inquiries:initiative_detail', args=[4])}|{django_reverse('home')}"
        f"?a=1&b=2|[]|{django_reverse('teams:team_detail', args=[4])}"
    )
    home = django_reverse("home")
    set_script_prefix("/school/")
    assert Template("{% url 'home' %}").render(Context()) == "/school" + home
    set_script_prefix("/")
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-page' %}").render(Context())
