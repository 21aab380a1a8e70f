import datetime

from celery import shared_task

from teams.models import School

from .reminders import send_due_reminders


@shared_task(name="notifications.send_due_reminders", bind=True)
def send_due_reminders_task(self, now: str | None = None) -> int:
    """The beat's tick: each school becomes a task of its own, so the workers share a big
    board and one school's retries wait for nobody else. `now` (ISO 8601) is for tests and
    the benchmark; production passes nothing, and each school's task reads the clock when
    it runs (a retry too). Returns how many school tasks were queued."""
    # On the queue the tick came from (tests and the benchmark give each run its own).
    queue = (self.request.delivery_info or {}).get("routing_key")
    school_ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
    for school_id in school_ids:
        send_school_reminders_task.apply_async(
            kwargs={"school_id": school_id, "now": now}, queue=queue
        )
    return len(school_ids)


@shared_task(
    name="notifications.send_school_reminders",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=6,
)
def send_school_reminders_task(school_id: int, now: str | None = None) -> int:
    """One school's reminders, event emails and digests; returns how many emails went out."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    return send_due_reminders(moment, school_ids=[school_id])
