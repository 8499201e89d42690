from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        from .roles import ensure_roles

        # Django signals post_migrate once per app that has models. The roles are set on the last one's,
        # when every app's permissions exist (after a migrate, and after a test database is flushed).
        last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(ensure_roles, sender=last, dispatch_uid="ensure_roles")
