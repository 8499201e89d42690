from django.core.management.base import BaseCommand

from imports import services


class Command(BaseCommand):
    help = (
        "Send on (once) or fail the uploads that stopped moving: what Celery beat runs every five minutes "
        "(UPLOAD_STUCK_MINUTES, UPLOAD_MAX_ATTEMPTS)."
    )

    def handle(self, *args, **options):
        self.stdout.write(services.sweep().describe())
