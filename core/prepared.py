"""Queries whose shape never changes, compiled once per process.

Django builds and compiles a queryset anew each time it runs: for a query with subqueries
or a few joins that is a millisecond or more of Python, every time, before the database
sees it. Across a page's ten queries that is a third of the page's CPU. `PreparedQuery`
builds and compiles a queryset once per process and afterwards only puts in the values.

It is safe only for a query whose SQL the values cannot change, and it checks that itself:
it compiles the query twice, with two different sets of stand-in values and in two
languages, and refuses it (ValueError) unless the two differ in the values' places only.
The clock is checked by the tests, which compile every PreparedQuery a second time a day
later (moving the clock in a running server would move it for every thread).

With `for_user=True` the query is built by the app's own rules (`visible_to(user)` and the
like) for a stand-in of the person: a User whose id and school are stand-in values and
whose every other field, relation or cached property fails when read. A rule that looks at
anything else of the person (a role, the teams they lead) therefore fails loudly when the
query is first compiled, instead of fixing one person's answer for everyone. Board staff
(no school) get the queryset built and run as usual.

It returns model instances, never a queryset, so nothing can be chained onto SQL that would
ignore it. Its prefetches run as usual after the rows; a prefetch's own queryset may not
hold a value of the call.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import functools
import weakref
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable
from django.http import Http404
from django.utils import translation
from django.utils.functional import cached_property

# Values no real row has: where they appear among the compiled parameters is where the
# caller's values go.
_FIRST, _SECOND = -7_300_000_001, -7_300_000_101
# No such database: a stand-in person that reaches for a row of theirs fails.
_NOWHERE = "prepared-query-stand-in"
_PERSON = ("user.pk", "user.school_id")
# Compiled queries one PreparedQuery keeps (one per set of keys: a lead's teams).
MOST_KEPT = 500


class PreparedQuery:
    # Every one made, for the test that compiles each with the clock a day on.
    made: weakref.WeakSet[PreparedQuery] = weakref.WeakSet()

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *names: str,
        for_user: bool = False,
        kinds: dict[str, type] | None = None,
        keys: tuple[str, ...] = (),
    ):
        """`names`: the values it takes, whole numbers (ids) unless `kinds` names another
        kind for them: str, datetime.date (today) or datetime.datetime (now). `keys`: what
        else of the person the rules may read (a role, the teams they lead): the stand-in
        has the person's own, and the query is compiled once per different set of them."""
        PreparedQuery.made.add(self)
        self.keys = keys
        self.build = build
        self.kinds = kinds or {}
        self.names = (*names, *(name for name in self.kinds if name not in names))
        if set(self.kinds.values()) - {int, str, datetime.date, datetime.datetime}:
            raise TypeError("PreparedQuery takes whole numbers, text, dates and moments.")
        self.for_user = for_user
        self._compiled: dict[tuple, tuple] = {}

    def fetch(self, user: Model | None = None, /, **values: Any) -> list[Model]:
        """The rows for these values (and this person), as the queryset would give them."""
        key: tuple = ("default",)
        if self.for_user:
            if user is None or getattr(user, "school_id", None) is None:
                return self._unprepared(user, values)
            values = {**values, "user.pk": user.pk, "user.school_id": user.school_id}
            key += tuple(getattr(user, name) for name in self.keys)
        using = "default"
        # Read once: another thread may clear or fill the dict meanwhile (runserver threads).
        entry = self._compiled.get(key)
        if entry is None:
            entry = self._compile(using, known=dict(zip(self.keys, key[1:], strict=True)))
            if len(self._compiled) >= MOST_KEPT:  # a process that met very many leads
                self._compiled.clear()
            self._compiled[key] = entry
        template, queryset, sql, params, slots, converted = entry
        bound = list(params)
        for i, (name, adapt) in slots.items():
            bound[i] = adapt(values[name])
        compiler = copy.copy(template)
        compiler.connection = connection = connections[using]  # this thread's
        compiler.as_sql = lambda *args, **kwargs: (sql, tuple(bound))
        # How each column's value is converted is the same every time too (per connection).
        converters = converted.get(connection)
        if converters is None:
            fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
            converters = converted[connection] = compiler.get_converters(fields)
        compiler.get_converters = lambda expressions: converters
        rows = list(ModelIterable(_Fixed(queryset, compiler, using)))
        if queryset._prefetch_related_lookups:
            prefetch_related_objects(rows, *queryset._prefetch_related_lookups)
        return rows

    def one_or_404(self, user: Model | None = None, /, **values: Any) -> Model:
        """The one row for these values, or 404: as visible_or_404, for a query through the
        person's visible_to."""
        found = self.fetch(user, **values)
        if not found:
            raise Http404
        return found[0]

    def _unprepared(self, user, values) -> list[Model]:
        return list(self.build(user, **values))

    def _names(self) -> tuple[str, ...]:
        return (*self.names, *(_PERSON if self.for_user else ()))

    def _built(self, stand_ins: dict[str, int], known: dict) -> QuerySet:
        values = {n: v for n, v in stand_ins.items() if n not in _PERSON}
        if not self.for_user:
            return self.build(**values)
        person = _stand_in(stand_ins["user.pk"], stand_ins["user.school_id"], known)
        return self.build(person, **values)

    def _compile(self, using: str, later=contextlib.nullcontext, known: dict | None = None):
        """`later`: what the second compile runs in; the tests pass a clock a day on
        (tests/test_prepared.py checks every PreparedQuery so)."""
        names = self._names()
        first = {name: self._stand_in_value(name, i, _FIRST) for i, name in enumerate(names)}
        second = {name: self._stand_in_value(name, i, _SECOND) for i, name in enumerate(names)}
        ops = connections[using].ops
        compiled = []
        for stand_ins, context, language in (
            (first, contextlib.nullcontext, "nl"),
            (second, later, "en"),
        ):
            with context(), translation.override(language):
                queryset = self._built(stand_ins, known or {})
                if queryset._iterable_class is not ModelIterable:
                    raise TypeError("PreparedQuery takes a queryset of model instances.")
                prefetches = self._prefetches(queryset, using, stand_ins)
                compiler = queryset.query.get_compiler(using=using)
                sql, params = compiler.as_sql()
            compiled.append((queryset, compiler, sql, list(params), prefetches))
        (queryset, compiler, sql, params, prefetches), (*_, other_sql, other_params, others) = (
            compiled
        )
        by_value = _as_params(first, ops)
        slots = {i: by_value[p] for i, p in enumerate(params) if _is_stand_in(p, by_value)}
        theirs = _as_params(second, ops)
        in_second = {(name, adapt): value for value, (name, adapt) in theirs.items()}
        expected = [in_second[slots[i]] if i in slots else p for i, p in enumerate(params)]
        if other_sql != sql or other_params != expected or others != prefetches:
            raise ValueError(
                "PreparedQuery: the query's SQL depends on more than its values "
                "(the clock, the language, or a value it does not take)."
            )
        # The last: each connection's converters for the columns, filled on first use.
        return compiler, queryset, sql, params, slots, weakref.WeakKeyDictionary()

    def _stand_in_value(self, name: str, i: int, base: int):
        kind = self.kinds.get(name, int)
        year = 1111 if base == _FIRST else 1222  # a day no school year has
        if kind is datetime.datetime:
            return datetime.datetime(year, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(i)
        if kind is datetime.date:
            return datetime.date(year, 1, 1) + datetime.timedelta(i)
        if kind is str:
            return f"stand-in {base - i}"
        return base - i

    @staticmethod
    def _prefetches(queryset: QuerySet, using: str, stand_ins: dict) -> list:
        """A prefetch runs as given, for every call: its own queryset must not hold a value
        of this call (it would keep the stand-in's), nor differ between the two compiles."""
        by_value = _as_params(stand_ins, connections[using].ops)
        compiled = []
        for lookup in queryset._prefetch_related_lookups:
            inner = getattr(lookup, "queryset", None)
            if inner is None:
                continue
            sql, params = inner.query.get_compiler(using=using).as_sql()
            if any(_is_stand_in(p, by_value) for p in params):
                raise ValueError("PreparedQuery: a prefetch's queryset depends on the values.")
            compiled.append((sql, list(params)))
        return compiled


def attach(instance: Model, name: str, rows: list[Model]) -> None:
    """Give `instance.<name>.all()` these rows, as `prefetch_related(name)` would: for a
    relation whose rows a PreparedQuery fetched, instead of a prefetch built and compiled on
    every request. As after a prefetch, `.all()` runs no query and `.filter()` queries anew;
    a reverse foreign key's rows know their instance."""
    manager = getattr(instance, name)
    queryset = manager.all()  # filtered to the instance, not run
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    if hasattr(manager, "prefetch_cache_name"):  # many-to-many
        cache[manager.prefetch_cache_name] = queryset
        return
    cache[manager.field.remote_field.cache_name] = queryset
    for row in queryset._result_cache:
        manager.field.set_cached_value(row, instance)


def _as_params(stand_ins: dict, ops) -> dict:
    """Each stand-in as it appears among the compiled parameters (a date may be adapted to
    the database, as text on SQLite), with the same adaptation for the real value."""
    found = {}
    for name, value in stand_ins.items():
        if isinstance(value, datetime.datetime):
            found[ops.adapt_datetimefield_value(value)] = (name, ops.adapt_datetimefield_value)
        elif isinstance(value, datetime.date):
            found[ops.adapt_datefield_value(value)] = (name, ops.adapt_datefield_value)
        else:
            found[value] = (name, type(value))
    return found


def _is_stand_in(param: Any, by_value: dict) -> bool:
    return type(param) in (int, str, datetime.date, datetime.datetime) and param in by_value


class _Unreadable:
    """What a stand-in person has in place of a cached property: any use fails."""

    def __init__(self, name: str):
        object.__setattr__(self, "_name", name)

    def _fail(self, *args, **kwargs):
        raise RuntimeError(
            f"PreparedQuery: the query reads user.{self._name}, which is not one of its values."
        )

    __iter__ = __len__ = __bool__ = __contains__ = __eq__ = __hash__ = __int__ = _fail
    __str__ = __getitem__ = __lt__ = __gt__ = _fail

    def __getattr__(self, name):
        self._fail()


def _stand_in(pk: int, school_id: int, known: dict):
    from django.contrib.auth import get_user_model

    model = get_user_model()
    person = model.__new__(model)
    person._state = ModelState()
    person._state.db = _NOWHERE
    person._state.adding = False
    person.__dict__.update({model._meta.pk.attname: pk, "school_id": school_id, "board_id": None})
    person.__dict__.update(known)
    for klass in model.__mro__:
        for name, attribute in vars(klass).items():
            if isinstance(attribute, (functools.cached_property, cached_property)):
                person.__dict__.setdefault(name, _Unreadable(name))
    return person


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
