"""A checked boundary file kept as a release of areas, with the release's own "Not known" and "Outside
the council" areas; and a lookup of areas within others (wards within constituencies, with shares)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from django.db import transaction

from indicators.models import Area, AreaParent, AreaType, BoundaryRelease
from indicators.problems import FileError

from .boundaries import Boundaries


def keep_release(found: Boundaries) -> tuple[BoundaryRelease, bool]:
    """The release and its areas, or the one already held under that name (never replaced)."""
    area_type, _ = AreaType.objects.get_or_create(
        slug=found.area_type, defaults={"name": found.area_type_name, "plural": found.area_type_plural}
    )
    held = BoundaryRelease.objects.filter(area_type=area_type, name=found.release).first()
    if held is not None:
        return held, False
    release = BoundaryRelease.objects.create(
        area_type=area_type,
        name=found.release,
        vintage=found.vintage,
        valid_from=found.valid_from,
        valid_to=found.valid_to,
        source=found.source,
        attribution="\n".join(found.attribution),
    )
    areas = [Area(release=release, code=f.code, name=f.name, geometry=f.geometry) for f in found.features]
    areas += [
        Area(release=release, code="not-known", name="Not known", kind=Area.Kind.NOT_KNOWN),
        Area(release=release, code="outside", name="Outside the council", kind=Area.Kind.OUTSIDE),
    ]
    Area.objects.bulk_create(areas, batch_size=500)
    return release, True


@transaction.atomic
def keep_parents(text: str, child_release: BoundaryRelease, parent_release: BoundaryRelease) -> int:
    """Each area of `child_release` within areas of `parent_release`, from a CSV of child code, parent code
    and (optionally) share, as ../shared/geo's ward-to-constituency lookups are. All or nothing."""
    children = {a.code: a for a in child_release.areas.all()}
    parents = {a.code: a for a in parent_release.areas.all()}
    rows = list(csv.DictReader(io.StringIO(text)))
    problems, kept = [], []
    for number, row in enumerate(rows, start=2):
        child, parent = children.get(row.get("ward_code", "")), parents.get(row.get("constituency_code", ""))
        try:
            share = Decimal(row.get("area_share") or "1")
        except InvalidOperation:
            share = None
        if child is None or parent is None or share is None or not 0 < share <= 1:
            problems.append(f"Row {number}: {row.get('ward_code')} in {row.get('constituency_code')} is not known")
            continue
        kept.append(AreaParent(area=child, parent=parent, share=share.quantize(Decimal("0.000001"))))
    if problems:
        raise FileError(problems[:50])
    AreaParent.objects.filter(area__release=child_release, parent__release=parent_release).delete()
    AreaParent.objects.bulk_create(kept)
    return len(kept)
