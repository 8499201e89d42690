from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Data imports"

    def ready(self):
        from . import kinds
        from .file_kinds import DefinitionsFile, ExtractFile

        kinds.register(ExtractFile())
        kinds.register(DefinitionsFile())
