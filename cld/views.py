"""The client-level data pages, for performance officers: the submissions and the ASCOF figures worked
out from them by quarter, a submission's data-quality report and its withdrawal, and the people behind a
figure (a permission of its own; every look and download audited). Views stay thin: `queries` and
`submissions` do the work."""

from __future__ import annotations

import csv
import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.files import File
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from config.paging import page_asked
from imports import services
from imports.models import Upload
from indicators.formatting import file_size, spreadsheet_safe
from indicators.models import AuditEvent

from . import queries, submissions
from .models import Submission

PEOPLE_PER_PAGE = 100  # a page a person can read down and axe can check; the download has everyone

sees_submissions = permission_required("cld.view_submission", raise_exception=True)
may_upload = permission_required("imports.add_upload", raise_exception=True)
may_withdraw = permission_required("cld.change_submission", raise_exception=True)
sees_people = permission_required("cld.see_people", raise_exception=True)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Submission file",
        help_text="The quarterly CLD submission as a CSV file, Release 1 or Release 2, as sent to NHS England.",
        error_messages={
            "required": "Choose the submission's CSV file.",
            "empty": "The file is empty. Choose the submission's CSV file.",
        },
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size == 0:
            raise forms.ValidationError("The file is empty. Choose the submission's CSV file.")
        limit = settings.CLD_MAX_UPLOAD_BYTES
        if file.size > limit:
            raise forms.ValidationError(
                f"The file is {file_size(file.size)}; the largest accepted is {file_size(limit)}."
            )
        if not file.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("A submission is a .csv file: save it as CSV and choose it again.")
        return file


def _csv_upload(file, what: str):
    """A small CSV file (a population file, a postcode lookup) as the form checks it."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise forms.ValidationError(f"The file is {file_size(file.size)}; the largest accepted is {file_size(limit)}.")
    if not file.name.lower().endswith(".csv"):
        raise forms.ValidationError(f"A {what} is a .csv file: save it as CSV and choose it again.")
    return file


class PopulationForm(forms.Form):
    population = forms.FileField(
        label="Population file",
        help_text=(
            "ONS mid-year populations as CSV with the columns mid_year, code, pop_18_64 and pop_65_plus "
            "(the layout of the ONS extract the product ships; name, geography_type and all_ages may be there too)."
        ),
        error_messages={"required": "Choose the population CSV file.", "empty": "The file is empty."},
    )

    def clean_population(self):
        return _csv_upload(self.cleaned_data["population"], "population file")


class LookupForm(forms.Form):
    lookup = forms.FileField(
        label="Postcode lookup",
        help_text=(
            "CSV with a postcode column (postcode or pcds) and a column of area codes (area_code, or as ONS's "
            "postcode directory names it, such as wd22cd): your council's rows of the ONS postcode directory will do."
        ),
        error_messages={"required": "Choose the lookup's CSV file.", "empty": "The file is empty."},
    )

    def clean_lookup(self):
        return _csv_upload(self.cleaned_data["lookup"], "postcode lookup")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        help_text="Kept in the audit log, e.g. 'Sent with last quarter's events by mistake'.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the submission is withdrawn."},
    )


@sees_submissions
def index(
    request,
    form: UploadForm | None = None,
    population_form: PopulationForm | None = None,
    lookup_form: LookupForm | None = None,
):
    held = queries.overview()
    return render(
        request,
        "cld/index.html",
        {
            "overview": held,
            "form": form or UploadForm(),
            "population_form": population_form or PopulationForm(),
            "lookup_form": lookup_form or LookupForm(),
            "lookup": queries.lookup_in_use(),
            "populations": queries.populations(),
            "not_worked_out": queries.NOT_WORKED_OUT,
        },
        status=400 if form is not None or population_form is not None or lookup_form is not None else 200,
    )


def _received(request, form_class, field: str, kind: str, form_name: str):
    """A file sent from one of the page's forms, received for its check (then its upload's page), or the
    page again with the form's errors."""
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return index(request, **{form_name: form})
    file = form.cleaned_data[field]
    received = services.receive(File(file), file.name, user=request.user, kind=kind)
    return redirect("imports:detail", received.pk)


@require_POST
@sees_submissions
@may_upload
def upload(request):
    return _received(request, UploadForm, "file", Upload.Kind.CLD, "form")


@require_POST
@sees_submissions
@may_upload
def upload_population(request):
    return _received(request, PopulationForm, "population", Upload.Kind.POPULATION, "population_form")


@require_POST
@sees_submissions
@may_upload
def upload_lookup(request):
    return _received(request, LookupForm, "lookup", Upload.Kind.POSTCODES, "lookup_form")


@sees_submissions
def submission(request, pk: int):
    kept = get_object_or_404(Submission.objects.select_related("upload", "withdrawn_by"), pk=pk)
    return render(request, "cld/submission.html", {"submission": kept, "quality": kept.quality})


@sees_submissions
@may_withdraw
def withdraw(request, pk: int):
    kept = get_object_or_404(Submission, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submissions.withdraw(kept, request.user, form.cleaned_data["reason"])
        except ValueError as problem:
            form.add_error("reason", str(problem))
        else:
            messages.success(
                request, f"Submission {kept.pk} is withdrawn; the figures were worked out again without it."
            )
            return redirect("cld:index")
    status = 400 if form.errors else 200
    return render(request, "cld/withdraw.html", {"submission": kept, "form": form}, status=status)


def _quarter_end(text: str) -> dt.date:
    """The quarter end named in the address, or a 404 that says how to write it."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Http404("The quarter end in the address is not a date; write it as 2025-03-31.") from None


@sees_submissions
@sees_people
def people(request, quarter_end: str, code: str, group: str):
    end = _quarter_end(quarter_end)
    found = queries.behind(end, code, group)
    if found is None:
        raise Http404(f"No client-level figure {code} ({group}) is held for the 12 months to {end:%-d %B %Y}.")
    download = request.GET.get("download") == "csv"
    page = None if download else page_asked(request, found.people, PEOPLE_PER_PAGE, "these people")
    shown = found.people if page is None else page.object_list
    look = "downloaded" if page is None else f"looked at (page {page.number} of {page.paginator.num_pages})"
    AuditEvent.record(
        AuditEvent.Action.CLIENT_LEVEL,
        f"People behind {code} ({group}) to {end:%-d %B %Y} {look}: {len(shown):,} of {len(found.people):,} pseudonyms",
        request.user,
        measure=code,
        details={
            "quarter_end": end.isoformat(),
            "group": group,
            "people": len(shown),
            "of": len(found.people),
            "page": None if page is None else page.number,
            "download": download,
        },
    )
    if page is None:
        return _csv(found, code, group, end)
    context = {"behind": found, "page": page, "title": queries.TITLES.get(code, code)}
    return render(request, "cld/people.html", context)


@sees_submissions
def areas(request, quarter_end: str, code: str, group: str):
    """One figure by area of residence, each area's counts whole: the client-level pages are for officers."""
    end = _quarter_end(quarter_end)
    lines = queries.figure_by_area(end, code, group)
    if not lines:
        raise Http404(f"No figure of {code} ({group}) by area is held for the 12 months to {end:%-d %B %Y}.")
    context = {"lines": lines, "code": code, "group": group, "end": end, "title": queries.TITLES.get(code, code)}
    return render(request, "cld/areas.html", context)


def _csv(found: queries.Behind, code: str, group: str, end: dt.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="people-behind-{code}-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "measure",
            "group",
            "quarter_end",
            "pseudonym",
            "counted_in",
            "note",
            "service_start",
            "service_end",
            "service_type",
            "service_component",
            "delivery_mechanism",
            "accommodation",
            "lives_in",
        ]
    )
    for person in found.people:
        for service in person.services or [(None,) * 6]:
            writer.writerow(
                spreadsheet_safe(value)
                for value in [
                    code,
                    group,
                    end.isoformat(),
                    person.pseudonym,
                    person.counted,
                    person.note,
                    *service,
                    person.area,
                ]
            )
    return response
