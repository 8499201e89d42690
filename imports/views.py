"""The upload pages. Thin: forms in, `services` for the work, `Upload` rows out."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from config.paging import page_asked
from indicators.formatting import file_size
from indicators.formatting import spreadsheet_safe as safe_cell
from indicators.models import DataPoint, Scorecard
from indicators.periods import PeriodKind
from indicators.problems import FileError, Problem

from . import kinds, services, template_workbook
from .models import Upload
from .one_figure import one_figure_page, period_field
from .opening import sniff

can_upload = permission_required("imports.add_upload", raise_exception=True)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A .csv or .xlsx extract (long format or wide grid), or a .yaml definitions or commentary file.",
    )
    kind = forms.ChoiceField(label="What the file holds", choices=Upload.Kind.choices, initial=Upload.Kind.EXTRACT)
    reporting_period = forms.CharField(
        label="Scorecard month (optional)",
        required=False,
        max_length=20,
        help_text="The month this extract is for, e.g. 2024-09 or Sep 24. Blank: the latest month in the file.",
    )
    sheet = forms.CharField(
        label="Worksheet (optional)",
        required=False,
        max_length=100,
        help_text="For a workbook with several sheets. Leave blank to use the first sheet with a code column.",
    )

    def clean_reporting_period(self):
        text = self.cleaned_data["reporting_period"].strip()
        return period_field(text, PeriodKind.MONTH) if text else None

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            self.add_error(
                "file",
                f"The file is {file_size(upload.size)}; the largest accepted is {file_size(limit)}.",
            )
            return cleaned
        if upload.size == 0:
            self.add_error("file", "The file is empty.")
            return cleaned
        name = upload.name.lower()
        kind = cleaned.get("kind")
        if kind in (Upload.Kind.DEFINITIONS, Upload.Kind.COMMENTARY):
            if not name.endswith(kinds.accepted_suffixes(kind)):
                self.add_error("file", f"A {kind} file must be a .yaml file.")
            return cleaned
        head = upload.read(4096)
        upload.seek(0)
        try:
            sniff(head, upload.name)
        except FileError as problem:
            self.add_error("file", str(problem))
        return cleaned


class TemplateForm(forms.Form):
    """Which template to download: one scorecard's measures for one month, in a layout and a format."""

    scorecard = forms.ModelChoiceField(
        label="Scorecard",
        queryset=Scorecard.objects.order_by("title"),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the scorecards in the list"},
    )
    month = forms.CharField(label="Month", max_length=20, help_text="The scorecard month, e.g. 2024-09 or Sep 24")
    layout = forms.ChoiceField(
        label="Layout",
        choices=[("wide", "Wide grid: one row per measure"), ("long", "Long: one row per measure and period")],
        error_messages={"invalid_choice": "Choose the wide grid or the long layout"},
    )
    fmt = forms.ChoiceField(
        label="Format",
        choices=[("xlsx", "Excel workbook"), ("csv", "CSV")],
        error_messages={"invalid_choice": "Choose an Excel workbook or CSV"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = template_workbook.recent_months(count=1)[0].code

    def clean_month(self):
        return period_field(self.cleaned_data["month"], PeriodKind.MONTH)


@can_upload
def upload_page(request):
    template_form = TemplateForm(request.GET if "template" in request.GET else None)
    if template_form.is_bound and template_form.is_valid():
        data = template_form.cleaned_data
        month = data["month"]
        content, content_type = template_workbook.build(data["layout"], data["fmt"], data["scorecard"], month)
        response = HttpResponse(content, content_type=content_type)
        name = f"{data['scorecard'].slug}-{month.code}-{data['layout']}.{data['fmt']}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            upload = services.receive(
                data,
                form.cleaned_data["file"].name,
                user=request.user,
                kind=form.cleaned_data["kind"],
                reporting_period=form.cleaned_data["reporting_period"],
                sheet=form.cleaned_data["sheet"].strip(),
            )
            return redirect("imports:detail", upload.pk)
    else:
        form = UploadForm()
    history = Upload.objects.listed()[:20]
    context = {"form": form, "template_form": template_form, "history": history}
    return render(request, "imports/upload.html", context, status=400 if template_form.errors else 200)


@can_upload
def one_figure(request):
    """Type one figure; it goes down the same check, preview and confirm path as a file."""
    return one_figure_page(request)


@dataclass
class ChangeGroup:
    title: str
    rows: list[dict]
    revised: bool = False
    explain: str = ""
    fields: bool = False  # a definitions file's changes: what, field, held now, in this file
    statuses: bool = False  # figures: each with the status it would give
    areas: bool = False  # figures by area: each with its area


GIVES = (
    "Status it gives is what the measure's target rule makes of the figure, as printed, on its own period's "
    "scorecard. A status set by judgement stays as set."
)


def change_groups(upload: Upload) -> list[ChangeGroup]:
    """The preview's changes, revisions to published months first, then other revisions, then new figures;
    each figure a warning is about carries that warning's kinds (`warned`)."""
    warned: dict[tuple, list[str]] = {}
    for warning in upload.warnings:
        if warning.get("code") and warning.get("period"):
            kinds = warned.setdefault((warning["code"], warning["period"]), [])
            if warning["kind"] not in kinds:
                kinds.append(warning["kind"])
    for change in upload.preview:
        change["warned"] = warned.get((change.get("code"), change.get("period")), [])
    published = [c for c in upload.preview if c["status"] == "revised" and c.get("published")]
    revised = [c for c in upload.preview if c["status"] == "revised" and not c.get("published")]
    new = [c for c in upload.preview if c["status"] == "new"]
    fields = [c for c in upload.preview if c["status"] == "field"]
    not_yet = [c for c in upload.preview if c["status"] == "not_yet"]
    by_area = [c for c in upload.preview if c["status"] == "area"]
    groups = []
    if fields:
        groups.append(
            ChangeGroup(
                "Changes to the catalogue",
                fields,
                fields=True,
                explain="Only what the file gives is changed; everything it leaves out stays as it is. "
                "Published scorecards keep what they showed.",
            )
        )
    if published:
        groups.append(
            ChangeGroup(
                "Revised figures that were published",
                published,
                True,
                "Published scorecards keep the figure they showed; these revisions show beside it as Recalculated.",
            )
        )
    if revised:
        groups.append(ChangeGroup("Revised figures", revised, True))
    if new:
        groups.append(ChangeGroup("New figures", new))
    figures = [group for group in groups if group.rows[0]["status"] in ("new", "revised")]
    for group in figures:
        group.statuses = any(row.get("gives") for row in group.rows)
    if figures and figures[0].statuses:
        figures[0].explain = f"{figures[0].explain} {GIVES}".strip()
    if by_area:
        groups.append(
            ChangeGroup(
                "Figures by area",
                by_area,
                explain="Each is kept for its measure, period and area in the same revision as the figures above, "
                "and shown on the measure's breakdown by area.",
                areas=True,
            )
        )
    if not_yet:
        groups.append(
            ChangeGroup(
                "No figure yet",
                not_yet,
                explain="These rows name a measure and a period but every figure cell is empty, so nothing is "
                "kept for them. Upload them again once the figures are in, or give a reason there is none in "
                "the note.",
            )
        )
    return groups


PREVIEWED_WHOLE = (Upload.Kind.CLD, Upload.Kind.POPULATION, Upload.Kind.BOUNDARIES, Upload.Kind.POSTCODES)


@can_upload
def detail(request, pk: int):
    upload = get_object_or_404(Upload.objects.select_related("uploaded_by", "confirmed_by", "reporting_period"), pk=pk)
    shown = len(upload.preview)
    changes = change_groups(upload)
    return render(
        request,
        "imports/detail.html",
        {
            "upload": upload,
            "next_steps": next_steps(upload),
            "changes": changes,
            # a kind previewed as what it holds rather than as changed figures is confirmed whenever checked
            "confirmable": upload.state == Upload.State.READY and (bool(changes) or upload.kind in PREVIEWED_WHOLE),
            "more_changes": max(0, upload.rows_new + upload.rows_revised - shown) if upload.kind == "extract" else 0,
        },
    )


def next_steps(upload: Upload) -> list[tuple[str, str, str]]:
    """After an extract is imported: (scorecard title, its draft period's address, its publish page) for
    each scorecard holding a figure the upload brought, at the upload's month (a quarterly scorecard
    only when the month ends its quarter)."""
    if upload.state != Upload.State.COMMITTED or upload.revision_id is None or upload.reporting_period is None:
        return []
    month = upload.reporting_period.value
    touched = DataPoint.objects.filter(revision_id=upload.revision_id).values("measure_id")
    steps = []
    for scorecard in Scorecard.objects.filter(entries__measure_id__in=touched).distinct().order_by("title"):
        kind = scorecard.period_kind
        period = month if kind is PeriodKind.MONTH else month.latest_of_kind(kind)
        if period.end != month.end:
            continue
        page = reverse("scorecard:scorecard", args=[scorecard.slug, period.slug])
        steps.append((f"{scorecard.title}, {period.long_label}", page, page + "publish/"))
    return steps


class UploadFilter(forms.Form):
    state = forms.ChoiceField(label="State", required=False, choices=[("", "Any state"), *Upload.State.choices])
    kind = forms.ChoiceField(label="What it holds", required=False, choices=[("", "Anything"), *Upload.Kind.choices])


@can_upload
def all_uploads(request):
    """Every upload, newest first: its state, who sent it and when, and what happened."""
    form = UploadFilter(request.GET or None)
    uploads = Upload.objects.listed()
    if form.is_bound and form.is_valid():
        if form.cleaned_data["state"]:
            uploads = uploads.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["kind"]:
            uploads = uploads.filter(kind=form.cleaned_data["kind"])
    page = page_asked(request, uploads, 50, "the uploads")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "imports/all.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "stuck_minutes": settings.UPLOAD_STUCK_MINUTES,
        },
    )


@can_upload
def status(request, pk: int):
    upload = get_object_or_404(Upload, pk=pk)
    return JsonResponse({"state": upload.state, "label": upload.get_state_display(), "working": upload.working})


@can_upload
@require_POST
def confirm(request, pk: int):
    upload = get_object_or_404(Upload, pk=pk)
    try:
        services.confirm(upload, request.user)
    except services.UploadError as problem:
        messages.error(request, str(problem))
    return redirect("imports:detail", pk)


@can_upload
@require_POST
def cancel(request, pk: int):
    upload = get_object_or_404(Upload, pk=pk)
    try:
        services.cancel(upload)
        messages.success(request, "The upload was stopped; nothing was imported.")
    except services.UploadError as problem:
        messages.error(request, str(problem))
    return redirect("imports:detail", pk)


@can_upload
def original(request, pk: int):
    upload = get_object_or_404(Upload, pk=pk)
    if not upload.file:
        raise Http404("The file as uploaded is not kept (client-level data is deleted once it is checked).")
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError:
        raise Http404("The original file is no longer stored.") from None
    return FileResponse(handle, as_attachment=True, filename=upload.file_name)


@can_upload
def error_report(request, pk: int):
    upload = get_object_or_404(Upload, pk=pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["sheet", "cell", "row", "measure", "column", "problem"])
    for error in upload.errors:
        problem = Problem.from_dict(error)
        writer.writerow(
            [safe_cell(problem.sheet), problem.cell, problem.row or "", safe_cell(problem.code)]
            + [safe_cell(problem.column or problem.entry), safe_cell(problem.message)]
        )
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="errors-{upload.pk}.csv"'
    return response


@can_upload
def template(request, layout: str, fmt: str):
    if layout not in ("long", "wide") or fmt not in ("csv", "xlsx"):
        raise Http404("Templates are long or wide, as csv or xlsx.")
    content, content_type = template_workbook.build(layout, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="extract-template-{layout}.{fmt}"'
    return response
