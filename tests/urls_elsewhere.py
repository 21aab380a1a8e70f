"""Another URLconf, in which the initiative pages live elsewhere (tests/test_reversing.py)."""

from django.http import HttpResponse
from django.urls import include, path


def _view(request, pk):
    return HttpResponse()


initiative_patterns = ([path("elders/<int:pk>/", _view, name="initiative_detail")], "inquiries")

urlpatterns = [path("", include(initiative_patterns))]
