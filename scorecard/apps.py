from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Scorecards"

    def ready(self):
        from imports.signals import figures_committed

        figures_committed.connect(_after_import, dispatch_uid="scorecard-after-import")


def _after_import(sender, revision_id: int, **kwargs) -> None:
    """Work out the latest draft of each scorecard the import touched, keeping its XmR charts, so the first
    reader after an import does not wait for ten years of figures to be charted."""
    from .queries import work_out_after_import

    work_out_after_import(revision_id)
