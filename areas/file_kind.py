"""Boundary files on the one upload path (`imports.kinds`): checked whole, previewed as what they hold,
kept as a release of areas when confirmed."""

from __future__ import annotations

from django.db import transaction

from indicators.models import AreaType, AuditEvent, BoundaryRelease, DataVersion

from .boundaries import read_boundaries
from .loading import keep_release


class BoundariesFile:
    name = "boundaries"
    suffixes = (".geojson", ".json")

    def check(self, upload, data: bytes) -> None:
        found = read_boundaries(data)
        upload.state = upload.State.READY
        kind = AreaType.objects.filter(slug=found.area_type).first()
        held = BoundaryRelease.objects.filter(area_type=kind, name=found.release).exists() if kind else False
        again = f" A release called {found.release} is already loaded: confirming changes nothing." if held else ""
        turned = (
            f" {found.rewound} outline(s) were wound the other way round and will be kept turned the right way."
            if found.rewound
            else ""
        )
        upload.message = (
            f"{len(found.features)} {found.area_type_plural} of {found.release} ({found.vintage}), in use from "
            f"{found.valid_from:%d %B %Y}{f' to {found.valid_to:%d %B %Y}' if found.valid_to else ''}.{turned}"
            f"{again} Nothing has changed yet: confirm to load."
        )

    def commit(self, upload, data: bytes) -> None:
        found = read_boundaries(data)
        with transaction.atomic():
            release, created = keep_release(found)
            if created:
                DataVersion.bump()  # maps and breakdowns are kept per figures version
        if not created:
            upload.state = upload.State.NO_CHANGES
            upload.message = f"{release.name} is already loaded: nothing has changed."
            return
        upload.state = upload.State.COMMITTED
        upload.message = f"Loaded {len(found.features)} {found.area_type_plural} of {release.name}."
        AuditEvent.upload_kept(upload, boundary_release=release.pk)
