import datetime

from celery import shared_task
from django.utils import timezone

from .services import purge_old_records


@shared_task(name="privacy.purge_old_records")
def purge_old_records_task(now: str | None = None) -> dict[str, int]:
    """Daily in Celery beat. `now` (ISO 8601) is for tests; production passes nothing."""
    moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
    return purge_old_records(moment)
