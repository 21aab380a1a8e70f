"""What /healthz/ready says about email: claims a dead worker left behind, and emails that
failed recently and wait for the next tick."""

import datetime

from django.utils import timezone

from .models import Delivery


def reminders_health() -> tuple[str, dict]:
    stuck = Delivery.objects.stuck().count()
    # Recent only: a failed reminder that is no longer due is never tried again, and must
    # not keep the installation "degraded" for ever.
    since = timezone.now() - datetime.timedelta(days=1)
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED, claimed_at__gte=since).count()
    state = "ok" if not (stuck or failed) else "degraded"
    return state, {"stuck": stuck, "failed": failed}
