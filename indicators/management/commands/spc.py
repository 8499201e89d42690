"""manage.py spc SERIES.csv: a series read as an XmR chart, printed as JSON (SPC.md's command line)."""

import csv
import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import spc


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"'{text}' is not a date: write periods as ISO dates, e.g. 2024-04-01.") from None


def _number(value: float | None, places: int = 4):
    return None if value is None else round(value, places)


class Command(BaseCommand):
    help = (
        "Read a CSV of period,value (periods as ISO dates) as an XmR chart and print each point's mean, limits "
        "and type, and the variation and assurance icons, as JSON (docs/spc.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("series", help="CSV with the columns period,value")
        parser.add_argument("--improvement", choices=["up", "down", "neither"], default="neither")
        parser.add_argument("--target", type=float)
        parser.add_argument("--conflict", choices=["improvement", "concern"], default="improvement")
        parser.add_argument("--baseline-end", help="fix the limits from the points up to this date")
        parser.add_argument("--recalculate-from", nargs="*", default=[], help="start new limits at these dates")
        parser.add_argument("--exclude", nargs="*", default=[], help="draw these dates but leave them out")
        parser.add_argument("--screen-outliers", action="store_true", help="screen large moving ranges")
        parser.add_argument(
            "--minimum-points", type=int, default=spc.MINIMUM_POINTS, help="points needed for limits (default 15)"
        )

    def handle(self, *args, series, **options):
        path = Path(series)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as problem:
            raise CommandError(f"Cannot read {series}: {problem.strerror}.") from None
        rows = list(csv.DictReader(text.splitlines()))
        if not rows or not {"period", "value"} <= set(rows[0]):
            raise CommandError(f"{series} needs the columns period,value.")
        points = []
        for line, row in enumerate(rows, start=2):
            if not (row.get("value") or "").strip():
                continue  # a period with no figure is left out
            try:
                value = float(row["value"])
            except ValueError:
                raise CommandError(f"row {line}: '{row['value']}' is not a number.") from None
            points.append((_date(row["period"]), value))
        points.sort()
        method = spc.Method(
            improvement=spc.Improvement(options["improvement"]),
            conflict=spc.Conflict(options["conflict"]),
            screen=options["screen_outliers"],
            baseline_end=_date(options["baseline_end"]) if options["baseline_end"] else None,
            recalculate_from=tuple(_date(d) for d in options["recalculate_from"]),
            excluded=tuple(_date(d) for d in options["exclude"]),
            minimum_points=options["minimum_points"],
        )
        chart = spc.xmr(points, method, options["target"])
        self.stdout.write(json.dumps(as_json(chart), indent=1))


def as_json(chart: spc.Chart) -> dict:
    return {
        "points": [
            {
                "period": p.key.isoformat() if hasattr(p.key, "isoformat") else str(p.key),
                "value": p.value,
                "mean": _number(p.mean),
                "lower_limit": _number(p.lower),
                "upper_limit": _number(p.upper),
                "type": p.type,
            }
            for p in chart.points
        ],
        "variation": chart.variation,
        "assurance": chart.assurance,
    }
