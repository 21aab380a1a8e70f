"""The access checks every view of the app starts with.

Anything of another school answers 404, as if it did not exist; something of the user's
own school that they may see but not change answers 403.
"""

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=Model)


def visible_or_404[M: Model](queryset: QuerySet[M], user, **lookup) -> M:
    return get_object_or_404(queryset.visible_to(user), **lookup)  # type: ignore[attr-defined]


def board_page(view):
    """Marks a view that board staff may open (core.middleware.BoardStaffMiddleware): a
    board aggregate, the board library. Every other page answers them 404."""
    view.board_staff_allowed = True
    return view


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


class SchoolScopedQuerySet(QuerySet):
    """`visible_to(user)` keeps the rows of the user's school, reached through the model's
    `school_path` (e.g. "school_year__school"): for models that need no other rule."""

    def visible_to(self, user):
        if user.school_id is None:  # board staff belong to no school
            return self.none()
        return self.filter(**{f"{self.model.school_path}_id": user.school_id})
