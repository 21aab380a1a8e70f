from urllib.parse import urlsplit

from django.urls import reverse

from .models import IdentityProvider


def ways_in_for(request) -> list[IdentityProvider]:
    """The school's own ways in that the login page shows first. Which school: the one in
    the link the school shares (?school=<id>), the one this browser signed in to before, or
    the only school with a provider. Asked once per request."""
    if not hasattr(request, "_school_ways_in"):
        rows = list(IdentityProvider.objects.filter(is_enabled=True))
        school = request.GET.get("school") or request.COOKIES.get("plc_school")
        chosen = [row for row in rows if str(row.school_id) == str(school)]
        if not chosen and len({row.school_id for row in rows}) == 1:
            chosen = rows
        request._school_ways_in = chosen
    return request._school_ways_in


def on_login_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.url_name == "account_login")


def provider_origins(request) -> list[str]:
    origins = []
    for row in ways_in_for(request):
        parts = urlsplit(row.issuer_url)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return sorted(set(origins))


def school_ways_in(request) -> dict:
    """On the login page only: the buttons for the school's own ways in."""
    if not on_login_page(request):
        return {}
    return {
        "school_ways_in": [
            (row.label, reverse("school_login", kwargs={"provider_id": row.provider_id}))
            for row in ways_in_for(request)
        ]
    }
