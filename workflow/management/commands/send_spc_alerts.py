from django.core.management.base import BaseCommand

from workflow import alerts


class Command(BaseCommand):
    help = (
        "E-mail measure owners and responsible officers once about each SPC signal on the latest figures "
        "(special cause concern; assurance turning to fail), as Celery beat does every hour."
    )

    def handle(self, *args, **options):
        self.stdout.write(alerts.send_spc_alerts().describe())
