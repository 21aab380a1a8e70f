from django.core.management.base import BaseCommand
from django.utils import timezone

from privacy.services import purge_old_records


class Command(BaseCommand):
    help = "Delete notifications and email records older than PLC_RETENTION_DAYS."

    def handle(self, *args, **options) -> None:
        counts = purge_old_records(timezone.now())
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} deleted")
