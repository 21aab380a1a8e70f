"""Sends due reminders without Celery: once, or in a loop beside `runserver`.

The embedded default (`make run`) has no Redis; this drives the same function that Celery
beat calls in production.
"""

import time

from django.core.management.base import BaseCommand

from notifications.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Sends the reminders that are due now (use --every SECONDS to keep running)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args, every: int = 0, **options):
        while True:
            try:
                sent = send_due_reminders()
            except Exception as error:
                self.stderr.write(f"Reminders: {error}")
            else:
                if sent:
                    self.stdout.write(f"Reminders sent: {sent}")
            if not every:
                return
            time.sleep(every)
