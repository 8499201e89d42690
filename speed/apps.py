from django.apps import AppConfig


class SpeedConfig(AppConfig):
    """The rerunnable speed and load tests (`speed_pages`, `speed_pdfs`, `speed_imports`, `speed_national`):
    kept out of the product's rooms, and out of the code release's digest, since they change no page."""

    name = "speed"
    verbose_name = "Speed tests"
