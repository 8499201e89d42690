"""ONS mid-year populations on the one upload path (`imports.kinds`): checked whole, previewed as what
they give the council, kept when confirmed, and 2B and 2C worked out again as rates per 100,000."""

from __future__ import annotations

from indicators.models import AuditEvent

from . import populations, submissions
from .models import Population


def _same_as_held(rows: list[populations.Row]) -> bool:
    """Every row already held with the same figures, so loading the file again changes nothing."""
    held = {
        (p.mid_year, p.ons_code): (p.aged_18_64, p.aged_65_plus)
        for p in Population.objects.order_by("upload_id").only("mid_year", "ons_code", "aged_18_64", "aged_65_plus")
    }
    return bool(held) and all(held.get((r.mid_year, r.code)) == (r.aged_18_64, r.aged_65_plus) for r in rows)


class PopulationFile:
    name = "population"
    suffixes = (".csv",)

    def check(self, upload, data: bytes) -> None:
        rows = populations.read_rows(data, upload.file_name)
        code = populations.council_code()
        years = sorted({r.mid_year for r in rows})
        council = sorted(r.mid_year for r in rows if r.code == code)
        upload.rows_total = len(rows)
        upload.preview = [
            {
                "status": "population",
                "rows": len(rows),
                "areas": len({r.code for r in rows}),
                "years": [years[0], years[-1]],
                "council": code,
                "council_years": council,
            }
        ]
        if not code:
            for_council = (
                " No scorecard names the council's ONS code yet, so no figure can use them: set it on the "
                "scorecard (its council code, as for benchmarking)."
            )
        elif not council:
            for_council = f" None of them is for {code}, the council's ONS code set on its scorecards."
        else:
            for_council = f" For {code}: mid-{', mid-'.join(str(y) for y in council)}."
        if _same_as_held(rows):
            upload.state = upload.State.NO_CHANGES
            upload.message = f"Every population in {upload.file_name} is held already: loading it changes nothing."
            return
        upload.state = upload.State.READY
        upload.message = (
            f"{len(rows):,} populations of {len({r.code for r in rows}):,} areas, mid-{years[0]} to mid-{years[-1]}."
            f"{for_council} Nothing has changed yet: confirm to keep them and work 2B and 2C out again."
        )

    def commit(self, upload, data: bytes) -> None:
        rows = populations.read_rows(data, upload.file_name)
        if _same_as_held(rows):
            upload.state = upload.State.NO_CHANGES
            upload.message = f"Every population in {upload.file_name} is held already: nothing has changed."
            return
        Population.objects.bulk_create(
            Population(
                upload=upload,
                mid_year=r.mid_year,
                ons_code=r.code,
                name=r.name,
                aged_18_64=r.aged_18_64,
                aged_65_plus=r.aged_65_plus,
            )
            for r in rows
        )
        figures = submissions.work_out_again(upload.confirmed_by or upload.uploaded_by)
        upload.state = upload.State.COMMITTED
        upload.message = f"Kept {len(rows):,} populations; {len(figures):,} client-level figures worked out again."
        AuditEvent.upload_kept(upload, populations=len(rows))
