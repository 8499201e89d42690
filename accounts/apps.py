from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People and roles"

    def ready(self):
        from .roles import ensure_roles

        # Django signals post_migrate once per app that has models. The roles are set on the last one's,
        # when every app's permissions exist (after a migrate, and after a test database is flushed).
        last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
        post_migrate.connect(ensure_roles, sender=last, dispatch_uid="ensure_roles")

        # A change to anyone's roles moves the roles version on, so permissions kept in the cache are
        # read afresh (config.auth).
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission

        from config.auth import roles_changed

        user = get_user_model()
        for through in (user.groups.through, user.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(roles_changed, sender=through, dispatch_uid=f"roles_changed_{through.__name__}")
        for model in (Group, Permission):  # a user's own flags are read from the user row each request
            post_save.connect(roles_changed, sender=model, dispatch_uid=f"roles_saved_{model.__name__}")
            post_delete.connect(roles_changed, sender=model, dispatch_uid=f"roles_deleted_{model.__name__}")
