from django.apps import AppConfig


class CldConfig(AppConfig):
    name = "cld"
    verbose_name = "Client-level data"

    def ready(self):
        from imports import kinds

        from .file_kind import ClientLevelFile, PostcodeLookupFile
        from .population_file import PopulationFile

        kinds.register(ClientLevelFile())
        kinds.register(PopulationFile())
        kinds.register(PostcodeLookupFile())
