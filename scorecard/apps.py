from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Scorecards"

    def ready(self):
        from .roles import ensure_roles

        # Sent once per migrate for the catalogue app (this app has no models, so gets no signal).
        post_migrate.connect(ensure_roles, sender=apps.get_app_config("indicators"), dispatch_uid="ensure_roles")
