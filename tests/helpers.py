from contextlib import contextmanager

from django.db.models import QuerySet

HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response) -> str:
    return response.content.decode()


def assert_fragment(response, element_id: str) -> None:
    """An htmx answer: just the swappable region, never a whole page."""
    body = text(response)
    assert "<html" not in body
    assert f'id="{element_id}"' in body


@contextmanager
def unchanged(*tables):
    """The block leaves these tables as they were: no row added, removed or changed.

    For a refused request, next to its status code. Pass models (the whole table) or
    querysets (just those rows).
    """

    def rows():
        snapshot = []
        for table in tables:
            queryset = table if isinstance(table, QuerySet) else table._base_manager.all()
            snapshot.append(list(queryset.order_by("pk").values()))
        return snapshot

    before = rows()
    yield
    for table, was, now in zip(tables, before, rows(), strict=True):
        gone = [row for row in was if row not in now]
        new = [row for row in now if row not in was]
        name = getattr(table, "model", table).__name__
        assert now == was, f"{name} changed: rows before {gone}, after {new}"


def seen(row, prefix: str = "") -> dict:
    """The version a form opened now would carry (core.versioning), to post an edit with."""
    version = type(row)._default_manager.values_list("version", flat=True).get(pk=row.pk)
    return {f"{prefix}-seen_version" if prefix else "seen_version": version}
