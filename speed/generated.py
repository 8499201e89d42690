"""A large generated scorecard for the page speed command: 200 measures x 10 years of monthly figures,
with a second load revising the last year of a fifth of them. Loaded through the upload path."""

from __future__ import annotations

import random

from indicators.periods import Period

SLUG = "speed-200-measures"
GRID_SLUG = "speed-200-measures-grid"  # the same measures laid out as the monthly grid
MEASURES = 200
MONTHS = 120
LAST = Period.month(2024, 9)


def definitions() -> bytes:
    lines = ["measures:"]
    for i in range(1, MEASURES + 1):
        lines.append(
            f"  - {{code: SP{i:03d}, title: Generated measure {i}, unit: percentage, decimal_places: 1, "
            f"polarity: {'higher' if i % 2 else 'lower'}, targets: [{{year: 2014/15, target: 50, tolerance: 2}}]}}"
        )
    lines.append("scorecards:")
    for slug, title, layout in (
        (SLUG, "Generated scorecard for the speed test", "cabinet"),
        (GRID_SLUG, "Generated monthly grid for the speed test", "monthly_grid"),
    ):
        lines += [f"  - slug: {slug}", f"    title: {title}", f"    layout: {layout}", "    sections:"]
        for s in range(10):
            codes = ", ".join(f"SP{i:03d}" for i in range(s * 20 + 1, s * 20 + 21))
            lines.append(f"      - {{title: Section {s + 1}, measures: [{codes}]}}")
    return ("\n".join(lines) + "\n").encode()


def extract(revised: bool = False, seed: int = 7) -> bytes:
    """Ten years to August 2024 for every measure; or (`revised`) September 2024 for every measure with the
    twelve months before it revised for a fifth of them."""
    rng = random.Random(seed + int(revised))
    history = [LAST.previous().shifted(-i) for i in reversed(range(MONTHS))]
    rows = ["code,period,numerator,denominator,value,note"]
    for i in range(1, MEASURES + 1):
        if revised:
            months = [*(history[-12:] if i % 5 == 0 else []), LAST]
        else:
            months = history
        for month in months:
            denominator = rng.randint(200, 400)
            rows.append(f"SP{i:03d},{month.code},{rng.randint(80, denominator - 80)},{denominator},,")
    return ("\n".join(rows) + "\n").encode()


def by_ward(seed: int = 11) -> bytes:
    """SP001 for the three months to September 2024 in each of Birmingham's 69 wards (2022 boundaries),
    and "Not known": the breakdown page at its largest in the demo's boundaries."""
    from indicators.models import Area

    wards = list(
        Area.objects.filter(release__name="Wards, December 2022", kind=Area.Kind.MAPPED).values_list("code", flat=True)
    )
    rng = random.Random(seed)
    rows = ["code,period,area,numerator,denominator,value,note"]
    for month in (LAST.shifted(-2), LAST.previous(), LAST):
        for code in [*wards, "Not known"]:
            denominator = rng.randint(40, 120)
            rows.append(f"SP001,{month.code},{code},{rng.randint(10, denominator - 10)},{denominator},,")
    return ("\n".join(rows) + "\n").encode()


def load(stdout) -> None:
    """The demo and both generated scorecards loaded through the upload path (once: a database that holds
    them is left as it is), the latest month published, and the planner's statistics gathered."""
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    from imports import services as uploads
    from indicators.models import Scorecard, StoredPeriod
    from scorecard import queries
    from workflow import services as workflow

    if connection.vendor != "postgresql":
        raise CommandError("The speed test needs PostgreSQL: set DATABASE_URL=postgres://… and run it again.")
    call_command("migrate", verbosity=0)
    if not Scorecard.objects.filter(slug="cabinet-scorecard").exists():
        call_command("load_demo", stdout=stdout)
    if Scorecard.objects.filter(slug__in=(SLUG, GRID_SLUG)).count() < 2:
        stdout.write("Loading the generated scorecard: 200 measures x 10 years of monthly figures ...")
        for data, name, kind, month in (
            (definitions(), "speed-definitions.yaml", "definitions", None),
            (extract(), "speed-2024-08.csv", "extract", LAST.previous()),
            (extract(revised=True), "speed-2024-09.csv", "extract", LAST),
            (by_ward(), "speed-by-ward-2024-09.csv", "extract", LAST),
        ):
            upload = uploads.take_file(data, name, kind=kind, reporting_period=month)
            if upload.state not in ("committed", "no_changes"):
                raise CommandError(f"The generated {name} did not load: {upload.message}")
        for slug in (SLUG, GRID_SLUG):
            scorecard = Scorecard.objects.get(slug=slug)
            month = StoredPeriod.objects.get(code=LAST.code)
            if not queries.reading(slug, drafts=True).is_published(month):
                workflow.publish(  # readers see published months; publishing keeps the snapshot they read
                    None, scorecard, month, confirm_missing=True, check_permission=False
                )
    with connection.cursor() as cursor:  # the planner's statistics, as autovacuum gathers within a minute
        cursor.execute("ANALYZE")  # of a load this size; without them it joins 25,000 figures row by row


def draw_uncached(scorecard, period) -> float:
    """Milliseconds to work the scorecard's report for `period` out afresh (no report or page cached) and
    draw its page, in this process."""
    import time

    from django.core.cache import cache
    from django.template.loader import render_to_string

    from config.cache import index_cache
    from scorecard import queries

    queries.report_cache.clear()
    index_cache.clear()
    cache.clear()
    started = time.perf_counter()
    report = queries.working_report(scorecard, period)
    render_to_string(
        "scorecard/cabinet.html",
        {
            "scorecard": scorecard,
            "period": period,
            "report": report,
            "sections": report.sections,
            "version": "uncached",
            "periods": [period],
        },
    )
    return (time.perf_counter() - started) * 1000
