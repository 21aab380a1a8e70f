from django.urls import reverse

from tests.helpers import HTMX


def test_pages_vary_on_hx_request_so_caches_keep_fragments_apart(world, client_for):
    response = client_for(world.teacher).get(reverse("home"))
    assert "HX-Request" in response["Vary"]


def test_a_redirect_to_an_htmx_request_becomes_hx_location(world, client_for):
    # A plain-form view answering with a redirect: htmx is told where to go instead.
    response = client_for(world.leader).post(
        reverse("teams:deactivate_staff", args=[world.colleague.pk]), **HTMX
    )
    assert response.status_code == 200
    assert f'"path": "{reverse("teams:staff_list")}"' in response["HX-Location"]
    assert "Location" not in response


def test_messages_reach_htmx_requests_out_of_band_and_only_once(world, client_for):
    client = client_for(world.lead)
    response = client.post(
        reverse("teams:add_norm", args=[world.team.pk]), {"new-norm-text": "Op tijd."}, **HTMX
    )
    assert 'id="messages"' in response.content.decode()
    assert "Afspraak toegevoegd." in response.content.decode()
    # Shown once: the next page does not repeat it.
    assert "Afspraak toegevoegd." not in client.get(reverse("home")).content.decode()
