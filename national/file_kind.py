"""National files on the one upload path (`imports.kinds`): checked whole, previewed as counts, kept as a
release when confirmed."""

from __future__ import annotations

from indicators.models import AuditEvent

from . import services
from .models import Release


class NationalFile:
    name = "national"
    suffixes = (".csv",)

    def check(self, upload, data: bytes) -> None:
        checked = services.check(data, upload.file_name)
        upload.state = upload.State.READY
        upload.layout = checked.layout
        earlier = Release.objects.filter(checksum=upload.checksum).first() if upload.checksum else None
        again = (
            f" This same file was loaded on {earlier.loaded_at:%d %B %Y}: loading it again changes nothing."
            if earlier
            else ""
        )
        upload.message = f"The file holds {checked.describe()}.{again} Nothing has changed yet: confirm to load."

    def commit(self, upload, data: bytes) -> None:
        earlier = Release.objects.filter(checksum=upload.checksum).first() if upload.checksum else None
        if earlier is not None:
            upload.state = upload.State.NO_CHANGES
            upload.message = f"This file was loaded before, as release {earlier.pk}: nothing has changed."
            return
        release = services.load(data, upload.file_name, checksum=upload.checksum)
        upload.state = upload.State.COMMITTED
        revised = f"; it revises {release.revised} measure-years already held" if release.revised else ""
        upload.message = f"Loaded {release.records:,} national records as release {release.pk}{revised}."
        AuditEvent.record(
            AuditEvent.Action.UPLOAD,
            f"{upload.file_name}: {upload.message}",
            upload.confirmed_by or upload.uploaded_by,
            details={"upload": upload.pk, "sha256": upload.checksum, "national_release": release.pk},
        )
