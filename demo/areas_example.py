"""Example figures by Westminster constituency (2010 boundaries) for the Cabinet scorecard's measures
ticked "Constituencies", so every tick leads to a breakdown. Made up, labelled so, and built so the
seats and "Not known" add up exactly to the council's own figure; the same every time (a fixed seed)."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import yaml

AREAS = Path(__file__).parent / "areas"
NOTE = "Example figures by constituency, made up for the demo"
# measure, period, the council's numerator and denominator (its published percentage, over an example
# denominator: 6,624 of 9,000 is 73.6%; 3,032 of 8,084 is 37.5%)
COUNCIL = [
    ("CS03", "2020-08", 6624, 9000),
    ("CS03", "2020-09", 6624, 9000),
    ("CS07", "2020-08", 3019, 8050),
    ("CS07", "2020-09", 3032, 8084),
]


def releases() -> list[tuple[str, bytes]]:
    """Each demo boundary file with its release beside its features, as the upload path takes it."""
    sent = []
    for entry in yaml.safe_load((AREAS / "releases.yaml").read_text(encoding="utf-8")):
        collection = json.loads((AREAS / entry["file"]).read_text(encoding="utf-8"))
        described = {k: (str(v) if k in ("valid_from", "valid_to") else v) for k, v in entry.items() if k != "file"}
        sent.append((entry["file"], json.dumps({**collection, **described}).encode()))
    return sent


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` shared out by `weights` in whole numbers that add up to it exactly."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


def extract() -> bytes:
    """The figures as a long extract with an area column (docs/data-format.md)."""
    seats = [
        f["properties"]["code"]
        for f in json.loads((AREAS / "birmingham-constituencies-2010.geojson").read_text())["features"]
    ]
    chance = random.Random(2020)
    sizes = [chance.uniform(0.75, 1.25) for _ in seats] + [0.015]  # the last: "Not known"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "period", "area", "numerator", "denominator", "value", "note"])
    for code, period, numerator, denominator in COUNCIL:
        denominators = _split(denominator, sizes)
        leaning = [chance.uniform(0.93, 1.07) for _ in denominators]
        numerators = _split(numerator, [d * lean for d, lean in zip(denominators, leaning, strict=True)])
        numerators = [min(n, d) for n, d in zip(numerators, denominators, strict=True)]
        numerators[-1] += numerator - sum(numerators)  # any rounding left over goes to "Not known"
        for area, n, d in zip([*seats, "Not known"], numerators, denominators, strict=True):
            writer.writerow([code, period, area, n, d, "", NOTE])
    return out.getvalue().encode()
