from django.apps import AppConfig


class NationalConfig(AppConfig):
    """National benchmarking: the national ASCOF and Oflog files, councils and comparator groups, and
    every council's rank, quartile, interval and comparison with England worked out from them."""

    name = "national"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "National benchmarking"

    def ready(self):
        from imports import kinds
        from scorecard import hooks

        from .file_kind import NationalFile
        from .groups import GroupsFile
        from .links import benchmarks_for

        kinds.register(NationalFile())
        kinds.register(GroupsFile())
        hooks.add_benchmark_source(benchmarks_for)  # catalogue measures linked to national codes
