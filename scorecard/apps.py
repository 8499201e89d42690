from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Scorecards"

    def ready(self):
        from .roles import ensure_roles

        # This app is listed last, so by its post-migrate signal every app's permissions exist.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="ensure_roles")
