"""Postcode lookups kept and used: the steps of the `postcodes` file kind. A check reads the file whole
(`lookup.read_lookup`), stages what is kept (postcode and area, as Parquet) and previews where it places
postcodes; the commit keeps it as the lookup client-level data is read with from then on. Submissions
already kept were read without postcodes (never kept), so they have no areas until they are sent again."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from indicators.formatting import counted
from indicators.models import AuditEvent

from .lookup import read_lookup
from .models import PostcodeLookup
from .submissions import local_path


def check(upload, stored) -> None:
    same = PostcodeLookup.objects.in_use()
    if same is not None and upload.checksum and same.upload.checksum == upload.checksum:
        upload.state = upload.State.NO_CHANGES
        upload.message = f"This same lookup is the one in use (loaded {same.created_at:%-d %B %Y}): nothing changes."
        return
    with local_path(stored) as path, tempfile.TemporaryDirectory(prefix="cld-lookup-") as folder:
        found = read_lookup(path, upload.file_name, Path(folder))
        with found.path.open("rb") as handle:
            name = default_storage.save(f"cld/lookups/upload-{upload.pk}.parquet", File(handle))
    plural = found.area_type_plural
    unplaced = found.areas_in_release - found.areas_named
    upload.state = upload.State.READY
    upload.rows_total = found.postcodes + found.no_area
    upload.preview = [
        {
            "status": "postcodes",
            "lookup_file": name,
            "release": found.release_id,
            "release_name": found.release_name,
            "area_type_plural": found.area_type_plural,
            "areas_named": found.areas_named,
            "areas_in_release": found.areas_in_release,
            "column": found.column,
            "postcodes": found.postcodes,
            "outside": found.outside,
            "no_area": found.no_area,
        }
    ]
    upload.message = " ".join(
        part
        for part in (
            f"{counted(found.postcodes, 'postcode')} placed in {found.areas_named:,} of the {found.areas_in_release:,} "
            f"{plural} of {found.release_name}, read from the column '{found.column}'.",
            f"{found.outside:,} are outside the council's {plural}." if found.outside else "",
            f"{unplaced:,} of the {plural} have no postcode in the file." if unplaced else "",
            f"{found.no_area:,} rows with no area code were left out." if found.no_area else "",
            "Client-level data uploaded from now on will have each person's postcode replaced by the code of its "
            f"{found.area_type_name} on arrival (the postcode is never kept); submissions already kept were read "
            f"without postcodes, so upload them again to have their figures by {found.area_type_name}.",
            "Nothing has changed yet: confirm to keep the lookup.",
        )
        if part
    )


def commit(upload) -> PostcodeLookup:
    entry = next(e for e in upload.preview if e.get("status") == "postcodes")
    kept = PostcodeLookup.objects.create(
        upload=upload,
        release_id=entry["release"],
        column=entry["column"],
        postcodes=entry["postcodes"],
        outside=entry["outside"],
        lookup_file=entry["lookup_file"],
    )
    upload.state = upload.State.COMMITTED
    upload.message = (
        f"Kept {counted(kept.postcodes, 'postcode')}: client-level data uploaded from now on has each postcode "
        f"replaced by its {kept.release.area_type.name} ({kept.release.name})."
    )
    AuditEvent.upload_kept(upload, postcode_lookup=kept.pk)
    return kept


def discard(upload) -> None:
    for entry in upload.preview or []:
        if entry.get("status") == "postcodes" and entry.get("lookup_file"):
            default_storage.delete(entry["lookup_file"])
