"""Queries whose shape never changes, compiled once per process.

Django builds and compiles a queryset anew each time it runs: for a query with subqueries
that is a millisecond or more of Python, every time, before the database sees it. For the
few queries that run on every request with nothing but a value changing (the signed-in
user, loaded by `plc.auth`), `PreparedQuery` compiles the queryset once per database
connection alias and afterwards only puts in the values.

It is safe only for a shape that the values cannot change: `build` must make the same SQL
whatever values it gets (checked when compiling: two different sets of values must give the
same SQL, differing in the values' places only). It returns model instances, never a
queryset, so nobody can chain a filter onto SQL that would ignore it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable

# Values no real row has: where they appear among the compiled parameters is where the
# caller's values go.
_FIRST, _SECOND = -7_300_000_001, -7_300_000_101


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], *names: str):
        self.build = build
        self.names = names
        self._compiled: dict[str, tuple[Any, QuerySet, str, list, dict[int, str]]] = {}

    def _compile(self, using: str):
        first = {name: _FIRST - i for i, name in enumerate(self.names)}
        second = {name: _SECOND - i for i, name in enumerate(self.names)}
        queryset = self.build(**first)
        if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
            raise TypeError("PreparedQuery takes a queryset of model instances, no prefetch.")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        other_sql, other_params = self.build(**second).query.get_compiler(using=using).as_sql()
        by_value = {value: name for name, value in first.items()}
        slots = {i: by_value[p] for i, p in enumerate(params) if p in by_value}
        expected = [second[slots[i]] if i in slots else p for i, p in enumerate(params)]
        if (
            other_sql != sql
            or list(other_params) != expected
            or set(slots.values()) != set(self.names)
        ):
            raise ValueError("PreparedQuery: the query's shape depends on its values.")
        return compiler, queryset, sql, list(params), slots

    def fetch(self, **values: Any) -> list[Model]:
        """The rows for these values, as the queryset would give them."""
        using = "default"
        if using not in self._compiled:
            self._compiled[using] = self._compile(using)
        template, queryset, sql, params, slots = self._compiled[using]
        bound = list(params)
        for i, name in slots.items():
            bound[i] = values[name]
        compiler = copy.copy(template)
        compiler.connection = connections[using]  # this thread's
        compiler.as_sql = lambda *args, **kwargs: (sql, tuple(bound))
        return list(ModelIterable(_Fixed(queryset, compiler, using)))


class _Fixed:
    """What ModelIterable reads of a queryset, with the compiler already made."""

    def __init__(self, queryset: QuerySet, compiler, db: str):
        self.db = db
        self.model = queryset.model
        self._fetch_mode = queryset._fetch_mode
        self._known_related_objects: dict = {}
        self.query = _Query(compiler)


class _Query:
    def __init__(self, compiler):
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler
