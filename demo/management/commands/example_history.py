from pathlib import Path

from django.core.management.base import BaseCommand

from demo import example_history


class Command(BaseCommand):
    help = (
        "Write the demo's example history (made-up monthly figures, seed "
        f"{example_history.SEED}) as an extract CSV: the same file load_demo loads. Example data, not a council's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", default="example-history-2024-03.csv", help="where to write the CSV")

    def handle(self, *args, out, **options):
        Path(out).write_bytes(example_history.extract())
        self.stdout.write(
            f"Wrote {out}: {example_history.MONTHS} months of example data for {len(example_history.SERIES)} measures."
        )
