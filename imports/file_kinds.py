"""The two kinds of file this app reads itself: extracts of figures, and definitions of the catalogue.
(Commentary files are `workflow`'s.) Registered in `apps.py`; see `kinds`."""

from __future__ import annotations

from indicators.definitions import load_definitions
from indicators.models import AuditEvent, Revision, StoredPeriod
from indicators.problems import FileError

from .extract import check_extract, classify, commit_extract, resolve_reporting_period
from .models import Upload
from .readers import read_table

PREVIEW_LIMIT = 1000
REVISION_SOURCE = {
    Upload.Source.WEB: Revision.Source.UPLOAD,
    Upload.Source.COMMAND: Revision.Source.COMMAND,
    Upload.Source.DEMO: Revision.Source.DEMO,
}


class ExtractFile:
    name = Upload.Kind.EXTRACT
    suffixes = (".csv", ".txt", ".xlsx")

    def _checked(self, upload: Upload, data: bytes):
        table = read_table(data, upload.file_name, upload.sheet or None)
        upload.layout, upload.sheet_used = table.layout, table.sheet
        checked = check_extract(table.frame)
        upload.rows_total = len(checked.rows) + len({e.row for e in checked.errors})
        if checked.errors:
            raise FileError(checked.errors)
        return checked

    def check(self, upload: Upload, data: bytes) -> None:
        checked = self._checked(upload, data)
        reporting = resolve_reporting_period(
            checked, upload.reporting_period.value if upload.reporting_period else None
        )
        if upload.reporting_period is None:
            upload.reporting_period = StoredPeriod.for_value(reporting)
        changes = classify(checked, reporting)
        counts = {status: sum(1 for c in changes if c.status == status) for status in ("new", "revised", "unchanged")}
        upload.rows_new, upload.rows_revised, upload.rows_unchanged = (
            counts["new"],
            counts["revised"],
            counts["unchanged"],
        )
        ordered = sorted(
            (c for c in changes if c.status != "unchanged"), key=lambda c: (c.status != "revised", c.row.row)
        )
        upload.preview = [c.as_preview() for c in ordered[:PREVIEW_LIMIT]]
        if counts["new"] or counts["revised"]:
            upload.state = Upload.State.READY
            upload.message = (
                f"{counts['new']} new, {counts['revised']} revised and {counts['unchanged']} unchanged figures for "
                f"{reporting.long_label}. Nothing has changed yet: confirm to import."
            )
        else:
            upload.state = Upload.State.NO_CHANGES
            upload.message = f"No changes: all {counts['unchanged']} figures are already as in this file."

    def commit(self, upload: Upload, data: bytes) -> None:
        checked = self._checked(upload, data)
        user = upload.confirmed_by or upload.uploaded_by
        result = commit_extract(
            checked,
            upload.reporting_period.value if upload.reporting_period else None,
            source=REVISION_SOURCE[upload.source],
            file_name=upload.file_name,
            checksum=upload.checksum,
            user=user,
        )
        upload.revision = result.revision
        upload.rows_new, upload.rows_revised, upload.rows_unchanged = result.new, result.revised, result.unchanged
        upload.state = Upload.State.COMMITTED if result.changed else Upload.State.NO_CHANGES
        upload.message = f"Imported {result.describe()}." if result.changed else result.describe()
        AuditEvent.record(
            AuditEvent.Action.UPLOAD,
            f"{upload.file_name}: {upload.message}",
            user,
            period=upload.reporting_period.code if upload.reporting_period else "",
            details={"upload": upload.pk, "sha256": upload.checksum, "revision": upload.revision_id},
        )


class DefinitionsFile:
    name = Upload.Kind.DEFINITIONS
    suffixes = (".yaml", ".yml")

    def check(self, upload: Upload, data: bytes) -> None:
        result = load_definitions(data, dry_run=True)
        upload.state = Upload.State.READY
        upload.message = f"The file would load {result.describe()}. Nothing has changed yet: confirm to load."

    def commit(self, upload: Upload, data: bytes) -> None:
        result = load_definitions(data, user=upload.confirmed_by or upload.uploaded_by, source=upload.file_name)
        upload.state = Upload.State.COMMITTED
        upload.message = f"Loaded {result.describe()}."
