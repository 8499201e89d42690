"""Example data, not a council's: four years of monthly figures for the demo's example scorecard, made up
reproducibly from a fixed seed so that every kind of XmR chart shows (common cause, a shift, a trend, an
outlier, targets the process passes, fails or hits and misses). `manage.py example_history` writes the
same file; `load_demo` loads it through the upload path. Change SEED and the figures change; nothing else
does."""

from __future__ import annotations

import csv
import io
import random
from decimal import ROUND_HALF_UP, Decimal

SEED = 2024
FIRST = (2020, 4)  # April 2020 ...
MONTHS = 48  # ... to March 2024: four financial years

# code: (denominator or None, how the series behaves)
SERIES = {
    "EX01": (400, "shift_up"),  # reviews on time: a step up in the last ten months
    "EX02": (None, "steady_rate"),  # admissions per 100,000: common cause
    "EX03": (None, "trend_up"),  # delayed discharges: rising for the last eight months
    "EX04": (300, "steady_high"),  # outcomes met: well above its target
    "EX05": (2800, "steady_low"),  # direct payments: well below its target
    "EX06": (None, "outlier"),  # carers' assessments: one month far out (a data fault)
    "EX07": (None, "shift_down"),  # waiting list: a step down after a new service
    "EX08": (200, "steady_mid"),  # at home 91 days after reablement: around its target
}

COUNTS = {"EX03", "EX06", "EX07"}  # counted in whole people (decimal_places: 0)


def months() -> list[tuple[int, int]]:
    year, month = FIRST
    result = []
    for _ in range(MONTHS):
        result.append((year, month))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return result


def _value(kind: str, i: int, rng: random.Random) -> float:
    noise = rng.gauss(0, 1)
    if kind == "shift_up":
        return (0.82 if i >= MONTHS - 10 else 0.74) + 0.015 * noise
    if kind == "steady_rate":
        return 48 + 3 * noise
    if kind == "trend_up":
        return 30 + 2 * noise if i < MONTHS - 8 else 30 + 3 * (i - (MONTHS - 9))
    if kind == "steady_high":
        return 0.94 + 0.01 * noise
    if kind == "steady_low":
        return 0.265 + 0.004 * noise
    if kind == "outlier":
        return 160 + 8 * noise if i != 30 else 320
    if kind == "shift_down":
        return (130 if i < MONTHS - 16 else 100) + 5 * noise
    return 0.80 + 0.02 * noise


def extract() -> bytes:
    """The example extract (code, period, numerator, denominator, value), reproducible from SEED."""
    rng = random.Random(SEED)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["code", "period", "numerator", "denominator", "value", "note"])
    for i, (year, month) in enumerate(months()):
        for code, (denominator, kind) in SERIES.items():
            value = _value(kind, i, rng)
            period = f"{year}-{month:02d}"
            if denominator:
                size = denominator + rng.randint(-20, 20)
                writer.writerow([code, period, round(value * size), size, "", "Example data"])
            elif code in COUNTS:  # people, in whole numbers: the figure the scorecard printed before
                whole = Decimal(f"{value:.1f}").quantize(Decimal(1), rounding=ROUND_HALF_UP)
                writer.writerow([code, period, "", "", str(whole), "Example data"])
            else:
                writer.writerow([code, period, "", "", f"{value:.1f}", "Example data"])
    return buffer.getvalue().encode()
