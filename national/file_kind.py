"""National files on the one upload path (`imports.kinds`): checked whole, previewed as counts, kept as a
release when confirmed."""

from __future__ import annotations

from indicators.models import AuditEvent

from . import services
from .models import Release

# The last file checked by the command line or the demo, by its SHA-256: they check and then commit the
# same bytes in one process, so the commit need not read a large file a second time. A web upload's check
# is not kept (its commit may run in another process, and the rows would stay in this one's memory).
IN_PROCESS = {"command", "demo"}
_last_checked: dict[str, services.Checked] = {}


class NationalFile:
    name = "national"
    suffixes = (".csv", ".csv.gz")  # the published files come gzipped too

    def check(self, upload, data: bytes) -> None:
        checked = services.check(data, upload.file_name)
        _last_checked.clear()
        if upload.checksum and upload.source in IN_PROCESS:
            _last_checked[upload.checksum] = checked
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
        checked = _last_checked.pop(upload.checksum, None) if upload.checksum else None
        release = services.load(data, upload.file_name, checksum=upload.checksum, checked=checked)
        upload.state = upload.State.COMMITTED
        revised = f"; it revises {release.revised} measure-years already held" if release.revised else ""
        upload.message = (
            f"Loaded {release.records:,} national records as release {release.pk}{revised}{release.more_words}."
        )
        AuditEvent.upload_kept(upload, national_release=release.pk)
