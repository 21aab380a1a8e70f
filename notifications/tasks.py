import datetime

from celery import shared_task

from .reminders import send_due_reminders


@shared_task(
    name="notifications.send_due_reminders",
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=6,
)
def send_due_reminders_task(now: str | None = None) -> int:
    """The beat's tick. `now` (ISO 8601) is for tests; production passes nothing."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    return send_due_reminders(moment)
