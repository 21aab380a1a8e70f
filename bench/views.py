from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse


@login_not_required
def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: the cheapest page the same stack can serve."""
    return HttpResponse("ok")
