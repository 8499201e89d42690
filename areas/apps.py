from django.apps import AppConfig


class AreasConfig(AppConfig):
    """Figures by area: boundary files loaded through the one way in, and each measure's breakdown by
    ward, constituency or locality with its table, map and funnel plot."""

    name = "areas"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Figures by area"

    def ready(self):
        from imports import kinds
        from scorecard import hooks

        from .file_kind import BoundariesFile
        from .printing import pdf_sections

        kinds.register(BoundariesFile())
        hooks.add_pdf_section(pdf_sections)  # a measure's breakdown by area on its page of the PDF
