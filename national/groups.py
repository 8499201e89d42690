"""Comparator groups as a file on the one upload path: a council's own lists of similar councils (CIPFA's
nearest neighbours are licensed, so the product never ships them; a council that holds a licence uploads
its own copy). A CSV with one row per group member:

    group,council_code,source,as_of
    Our statistical neighbours,E08000025,CIPFA nearest neighbours (licensed to the council),2024-04-01

`source` and `as_of` may be given on any one row of a group. Every council must be in the national data
already; a group in the file replaces the group of that name whole; groups not in the file stay."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from indicators.models import AuditEvent, DataVersion
from indicators.problems import FileError, Problem

from .models import ComparatorGroup, Council

COLUMNS = ("group", "council_code")
MAX_BYTES = 2_000_000  # a few thousand rows at most: a list of councils, not a data file


@dataclass
class Group:
    name: str
    source: str = ""
    as_of: date | None = None
    codes: list[str] = field(default_factory=list)


def read(data: bytes) -> dict[str, Group]:
    """Every group in the file, or FileError naming each row and column that is wrong."""
    if len(data) > MAX_BYTES:
        raise FileError("The file is larger than a list of councils can be (2 MB); check it is the right file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError("The file is not UTF-8 text: save it from your spreadsheet as 'CSV UTF-8'.") from None
    reader = csv.DictReader(io.StringIO(text))
    headings = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in headings]
    if missing:
        raise FileError(Problem(f"The file has no {', '.join(missing)} column: the first row must name them.", row=1))
    reader.fieldnames = headings
    known = dict(Council.objects.values_list("ons_code", "name"))
    groups: dict[str, Group] = {}
    problems: list[Problem] = []
    for number, row in enumerate(reader, start=2):
        name = (row.get("group") or "").strip()
        code = (row.get("council_code") or "").strip().upper()
        if not name and not code:
            continue
        if not name:
            problems.append(Problem("No group is named: write the group's name.", row=number, column="group"))
            continue
        if code not in known:
            problems.append(
                Problem(
                    f"No council has the code '{code[:12]}' in the national data: use the ONS code (e.g. "
                    "E08000025), and load the national files first.",
                    row=number,
                    column="council_code",
                )
            )
            continue
        group = groups.setdefault(name, Group(name[:120]))
        if code in group.codes:
            problems.append(Problem(f"{known[code]} is in '{name}' twice.", row=number, column="council_code"))
            continue
        group.codes.append(code)
        group.source = group.source or (row.get("source") or "").strip()[:300]
        as_of = (row.get("as_of") or "").strip()
        if as_of and group.as_of is None:
            try:
                group.as_of = date.fromisoformat(as_of)
            except ValueError:
                problems.append(
                    Problem(f"'{as_of[:20]}' is not a date: write it as 2024-04-01.", row=number, column="as_of")
                )
    for group in groups.values():
        if len(group.codes) < 2:
            problems.append(Problem(f"The group '{group.name}' has one council: a group needs at least two."))
    if problems:
        raise FileError(problems)
    if not groups:
        raise FileError("The file names no group.")
    return groups


class GroupsFile:
    name = "groups"
    suffixes = (".csv",)

    def check(self, upload, data: bytes) -> None:
        groups = read(data)
        existing = set(ComparatorGroup.objects.filter(name__in=groups).values_list("name", flat=True))
        described = "; ".join(
            f"{g.name} ({len(g.codes)} councils{', replacing the group of that name' if g.name in existing else ''})"
            for g in groups.values()
        )
        upload.state = upload.State.READY
        upload.message = f"The file holds {len(groups)} comparator group(s): {described}. Nothing has changed yet."

    def commit(self, upload, data: bytes) -> None:
        groups = read(data)
        councils = {
            c.ons_code: c for c in Council.objects.filter(ons_code__in={c for g in groups.values() for c in g.codes})
        }
        changed = []
        for group in groups.values():
            kept = ComparatorGroup.objects.filter(name=group.name).first()
            before = sorted(kept.councils.values_list("ons_code", flat=True)) if kept else []
            if kept and before == sorted(group.codes) and kept.source == (group.source or kept.source):
                continue
            if kept is None:
                kept = ComparatorGroup(name=group.name)
            kept.source = group.source or kept.source or "Uploaded by the council"
            kept.as_of = group.as_of or kept.as_of or date.today()
            kept.save()
            kept.councils.set([councils[c] for c in group.codes])
            changed.append((group.name, before, sorted(group.codes)))
        if not changed:
            upload.state = upload.State.NO_CHANGES
            upload.message = "Every group in the file is as it was: nothing has changed."
            return
        DataVersion.bump()  # a group's value and places are figures: pages kept for the old groups go cold
        upload.state = upload.State.COMMITTED
        upload.message = f"Kept {len(changed)} comparator group(s): {', '.join(name for name, _, _ in changed)}."
        for name, before, after in changed:
            AuditEvent.record(
                AuditEvent.Action.CATALOGUE,
                f"Comparator group '{name}': {len(before)} councils before, {len(after)} now ({upload.file_name})",
                upload.confirmed_by or upload.uploaded_by,
                details={"upload": upload.pk, "group": name, "old": before, "new": after},
            )
