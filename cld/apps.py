from django.apps import AppConfig


class CldConfig(AppConfig):
    name = "cld"
    verbose_name = "Client-level data"

    def ready(self):
        from imports import kinds

        from .file_kind import ClientLevelFile

        kinds.register(ClientLevelFile())
