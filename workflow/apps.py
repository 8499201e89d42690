from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = "The working month"

    def ready(self):
        from imports import kinds

        from .commentary_file import CommentaryFile

        kinds.register(CommentaryFile())
