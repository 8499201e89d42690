from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_frameworks(sender, **kwargs):
    from .frameworks import ensure_frameworks
    from .models import Framework

    ensure_frameworks(Framework)


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = "Measure catalogue"

    def ready(self):
        from . import audit_trail, signals  # noqa: F401 (audit_trail connects its receiver)

        signals.connect()
        post_migrate.connect(_ensure_frameworks, sender=self, dispatch_uid="ensure_frameworks")
