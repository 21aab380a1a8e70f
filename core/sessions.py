"""Sessions in the database, as django's own backend keeps them, read by a query compiled
once per process: every request of a signed-in person reads its session (core.prepared)."""

import datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.prepared import PreparedQuery

CURRENT = PreparedQuery(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now),
    kinds={"key": str, "now": datetime.datetime},
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        found = CURRENT.fetch(key=self.session_key, now=timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]
