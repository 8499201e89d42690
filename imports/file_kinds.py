"""The two kinds of file this app reads itself: extracts of figures, and definitions of the catalogue.
(Commentary files are `workflow`'s.) Registered in `apps.py`; see `kinds`."""

from __future__ import annotations

import csv
import io
import tempfile

from django.core.files import File

from indicators import formatting
from indicators.definitions import load_definitions
from indicators.models import AuditEvent, DataVersion, Revision, StoredPeriod
from indicators.problems import FileError

from . import by_area as area_figures
from .extract import REVISED, UNCHANGED, Extract, check_extract, classify, resolve_reporting_period
from .models import Upload
from .preview import not_yet_entry, periods_before, preview_entry, shown_figure, statuses_given
from .readers import read_table
from .revisions import ImportResult, commit_extract, write_revision, write_staged
from .upload_warnings import published_revisions, warnings_for

PREVIEW_LIMIT = 1000
REVISION_SOURCE = {
    Upload.Source.WEB: Revision.Source.UPLOAD,
    Upload.Source.COMMAND: Revision.Source.COMMAND,
    Upload.Source.DEMO: Revision.Source.DEMO,
    Upload.Source.TYPED: Revision.Source.TYPED,
    Upload.Source.CLIENT_LEVEL: Revision.Source.CLIENT_LEVEL,
}


class ExtractFile:
    name = Upload.Kind.EXTRACT
    suffixes = (".csv", ".txt", ".xlsx")

    def _checked(self, upload: Upload, data: bytes) -> Extract:
        table = read_table(data, upload.file_name, upload.sheet or None)
        upload.layout, upload.sheet_used, upload.read_note = table.layout, table.sheet, table.why
        extract = check_extract(table)
        upload.rows_total = len(extract) + len(extract.error_rows) + len(extract.not_yet)
        if not extract.ok:
            raise FileError(extract.errors, count=extract.error_count)
        return extract

    def check(self, upload: Upload, data: bytes) -> None:
        version = DataVersion.current()  # before anything is read: any change after it means checking again
        extract = self._checked(upload, data)
        reporting = resolve_reporting_period(
            extract, upload.reporting_period.value if upload.reporting_period else None
        )
        if upload.reporting_period is None:
            upload.reporting_period = StoredPeriod.for_value(reporting)
        classified = classify(extract, reporting)
        upload.rows_new, upload.rows_revised, upload.rows_unchanged = (
            classified.new,
            classified.revised,
            classified.unchanged,
        )
        published = published_revisions(extract, classified)
        upload.warnings = warnings_for(extract, classified)
        # Revisions to published months first, then other revisions, then new figures; each in file order.
        groups: tuple[list[int], list[int], list[int]] = ([], [], [])
        for i, status in enumerate(classified.statuses):
            if status != UNCHANGED:
                group = groups[0 if i in published else 1 if status == REVISED else 2]
                if len(group) < PREVIEW_LIMIT:
                    group.append(i)
        changed = groups[0] + groups[1] + groups[2]
        shown = changed[:PREVIEW_LIMIT]
        before = periods_before(extract, shown, reporting)
        given = statuses_given(extract, shown, before)
        upload.preview = [
            {
                **preview_entry(extract, classified, i, i in published),
                "last": shown_figure(before[i], extract.measures[extract.measure_ids[i]]) if i in before else "",
                "gives": given.get(i, ""),
            }
            for i in shown
        ]
        upload.preview += area_figures.preview(extract.by_area, max(0, PREVIEW_LIMIT - len(upload.preview)))
        upload.preview += [not_yet_entry(row, measure, period) for row, measure, period in extract.not_yet][
            : max(0, PREVIEW_LIMIT - len(upload.preview))
        ]
        counted = ImportResult.counted(reporting, classified, extract.by_area)
        waiting = ""
        if extract.not_yet:
            rows = formatting.counted(len(extract.not_yet), "row")
            waiting = f" {rows} with no figure yet {'is' if len(extract.not_yet) == 1 else 'are'} listed."
        if counted.changed:
            # Figures by area are read and checked again at the commit, so figures are staged (to be copied
            # in at the commit) only for a file without them.
            if not len(extract.by_area):
                period_rows = StoredPeriod.resolve(extract.distinct_periods)
                with tempfile.TemporaryFile("w+b") as handle:
                    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
                    period_ids = {p: period_rows[p.code].pk for p in extract.distinct_periods}
                    write_staged(extract, period_ids, classified, text)
                    text.flush()
                    handle.seek(0)
                    upload.staged.save("staged.csv", File(handle), save=False)
                    text.detach()
            upload.checked_version = version
            upload.state = Upload.State.READY
            if upload.source == Upload.Source.TYPED:
                what = "a new figure" if classified.new else "a change to the figure held"
                upload.message = (
                    f"The figure you typed is {what} for {reporting.long_label}'s scorecard. Nothing has changed "
                    "yet: check it below, then confirm to keep it."
                )
            else:
                upload.message = (
                    f"{counted.describe()}.{waiting} Nothing has changed yet: check them, then confirm to import."
                )
        else:
            upload.state = Upload.State.NO_CHANGES
            upload.message = f"{counted.describe()}{waiting}"
            if upload.source == Upload.Source.TYPED:
                upload.message = "No changes: the figure you typed is the one already held."

    def commit(self, upload: Upload, data: bytes) -> None:
        """Copy in the figures staged at the check when nothing has changed since (the version's row is
        held locked until the import commits, so nothing can); otherwise read and check the file again."""
        user = upload.confirmed_by or upload.uploaded_by
        source = REVISION_SOURCE[upload.source]
        if upload.staged and upload.checked_version and upload.checked_version == DataVersion.current_locked():
            result = ImportResult(
                None, upload.reporting_period.value, upload.rows_new, upload.rows_revised, upload.rows_unchanged
            )
            with upload.staged.open("rb") as handle:
                result.revision = write_revision(
                    result,
                    csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline="")),
                    reporting_period=upload.reporting_period,
                    source=source,
                    file_name=upload.file_name,
                    checksum=upload.checksum,
                    created_by=user,
                )
        else:
            result = commit_extract(
                self._checked(upload, data),
                upload.reporting_period.value if upload.reporting_period else None,
                source=source,
                file_name=upload.file_name,
                checksum=upload.checksum,
                user=user,
            )
        upload.revision = result.revision
        upload.rows_new, upload.rows_revised, upload.rows_unchanged = result.new, result.revised, result.unchanged
        upload.state = Upload.State.COMMITTED if result.changed else Upload.State.NO_CHANGES
        upload.message = f"Imported {result.describe()}." if result.changed else result.describe()
        revised = [c for c in upload.preview if c.get("status") == "revised"] if result.changed else []
        named = "; ".join(f"{c['code']} {c['period_label']} {c['old']} → {c['new']}" for c in revised[:NAMED])
        more = f" and {len(revised) - NAMED:,} more" if len(revised) > NAMED else ""
        AuditEvent.record(
            AuditEvent.Action.UPLOAD,
            f"{upload.file_name}: {upload.message}" + (f" Revised: {named}{more}." if revised else ""),
            user,
            period=upload.reporting_period.code if upload.reporting_period else "",
            details={
                "upload": upload.pk,
                "sha256": upload.checksum,
                "revision": upload.revision_id,
                "revised": [{k: c[k] for k in ("code", "period", "old", "new")} for c in revised[:100]],
            },
        )


NAMED = 5  # revised figures named in an upload's audit entry; its details keep the first hundred


class DefinitionsFile:
    name = Upload.Kind.DEFINITIONS
    suffixes = (".yaml", ".yml")

    def check(self, upload: Upload, data: bytes) -> None:
        result = load_definitions(data, dry_run=True)
        upload.state = Upload.State.READY
        upload.preview = [change.as_dict() for change in result.changes[:PREVIEW_LIMIT]]
        upload.message = f"The file would load {result.describe()}. Nothing has changed yet: confirm to load."

    def commit(self, upload: Upload, data: bytes) -> None:
        result = load_definitions(data, user=upload.confirmed_by or upload.uploaded_by, source=upload.file_name)
        upload.state = Upload.State.COMMITTED
        upload.message = f"Loaded {result.describe()}."
