"""The working month's pages: my measures, writing and approving commentary, publishing a period and
the audit log. Thin: each asks `services` to act (which checks who may) and
`scorecard.queries` for what to show."""

from __future__ import annotations

import csv
import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts import permissions
from config.paging import page_asked
from indicators.formatting import spreadsheet_safe
from indicators.models import AuditEvent, Commentary, Measure, StoredPeriod
from indicators.periods import PeriodKind, parse_period
from scorecard import queries, views

from . import before_publishing, home, reasons, reminders, services
from .forms import AuditFilter, CommentaryForm, CorrectionForm, DeadlineForm, PublishForm, ReviewForm
from .models import SpcAlert


def _month(text: str) -> StoredPeriod:
    """The scorecard period in the address: commentary is written for a month (2020-09), or a quarter
    on a quarterly scorecard (2020-21-q2)."""
    try:
        period = StoredPeriod.named(text)
    except ValueError as problem:
        raise Http404(f"The period in the address is not right: {problem}.") from None
    if period.value.kind not in (PeriodKind.MONTH, PeriodKind.QUARTER):
        raise Http404(f"Commentary is written for a month or a quarter, not for {period.value.long_label}.")
    return period


def _measure(code: str) -> Measure:
    measure = Measure.objects.filter(code=code).select_related("owner_user", "responsible_user").first()
    if measure is None:
        raise Http404(f"There is no measure '{code}'.")
    return measure


# ------------------------------------------------------------------------------------------- my measures


@views.readable
def home_page(request):
    """Each person's home: what to do next for their role (`home`), then the scorecards and the periods
    they may see, staff's drafts marked. Signed out, the public scorecards, if any."""
    if not request.user.is_authenticated:
        public = queries.list_scorecards(drafts=False, public_only=True)
        if not public:
            raise views.LoginNeeded
        return render(request, "workflow/home.html", {"scorecards": public})
    drafts = permissions.sees_drafts(request.user)
    scorecards = queries.list_scorecards(drafts=drafts)
    context = {"scorecards": scorecards, "home": home.for_person(request.user, scorecards, drafts)}
    return render(request, "workflow/home.html", context)


def my_measures(request):
    if not permissions.writes_commentary(request.user):
        raise PermissionDenied("My measures is for measure owners and responsible officers.")
    signals = SpcAlert.objects.select_related("measure", "period")
    if not permissions.can_publish(request.user):  # a manager sees the signals on their own measures
        signals = signals.filter(Q(measure__owner_user=request.user) | Q(measure__responsible_user=request.user))
    return render(
        request,
        "workflow/my_measures.html",
        {
            "cards": queries.my_measures(request.user),
            "signals": list(signals[:20]),
            "sent_back": home.sent_back_to(request.user),
        },
    )


def approvals(request):
    """The approval queue: commentary submitted and waiting for this person (a performance officer, or
    the measure's responsible officer), oldest first."""
    if not (permissions.can_publish(request.user) or permissions.writes_commentary(request.user)):
        raise PermissionDenied("The approval queue is for performance officers and responsible officers.")
    return render(request, "workflow/approvals.html", {"queue": home.approval_queue(request.user)})


# ---------------------------------------------------------------------------------------- commentary


EMPTY_PARTS = (("data", "Data"), ("review", "Review"), ("action", "Action"))  # what an approver is told is empty


@require_http_methods(["GET", "POST"])
def write_commentary(request, code: str, period: str):
    measure, period_row = _measure(code), _month(period)
    writer, approver = permissions.can_write(request.user, measure), permissions.can_approve(request.user, measure)
    if not (writer or approver):
        raise PermissionDenied(f"You cannot write or approve the commentary for {measure.code}.")
    commentary = services.starting_draft(measure, period_row)
    form = CommentaryForm(initial={name: getattr(commentary, name) for name in services.TEXT_FIELDS})
    review = ReviewForm()
    preview = None
    if request.method == "POST":
        intent = request.POST.get("intent", "")
        try:
            if intent in ("save", "submit"):
                if not writer:
                    raise PermissionDenied(f"You cannot write the commentary for {measure.code}.")
                form = CommentaryForm(request.POST)
                if form.is_valid():
                    try:
                        services.save(request.user, measure, period_row, form.cleaned_data, submit=intent == "submit")
                    except reasons.ReasonsMissing as missing:
                        form.add_error(None, str(missing))
                        for name in missing.empty:
                            form.add_error(name, missing.field_message(name))
                    else:
                        done = "submitted for approval" if intent == "submit" else "saved as a draft"
                        said = f"The commentary for {measure.code}, {period_row.long_label} was {done}."
                        messages.success(request, said)
                        return redirect("workflow:commentary", measure.code, period_row.slug)
            elif intent == "withdraw":
                if not writer or not commentary.pk:
                    raise PermissionDenied(f"You cannot write the commentary for {measure.code}.")
                services.withdraw(request.user, commentary)
                messages.success(
                    request,
                    f"The commentary for {measure.code} was withdrawn from approval: change it and submit it again.",
                )
                return redirect("workflow:commentary", measure.code, period_row.slug)
            elif intent == "preview":
                if not writer:
                    raise PermissionDenied(f"You cannot write the commentary for {measure.code}.")
                form = CommentaryForm(request.POST)
                if form.is_valid():
                    preview = form.cleaned_data  # shown as councillors will read it; nothing saved
            elif intent in ("review", "approve", "send_back"):
                if not approver:
                    raise PermissionDenied(f"You cannot approve the commentary for {measure.code}.")
                decision = request.POST.get("decision") if intent == "review" else intent
                review = ReviewForm({"decision": decision, "reason": request.POST.get("reason", "")})
                if review.is_valid() and commentary.pk:
                    if review.cleaned_data["decision"] == "approve":
                        services.approve(request.user, commentary)
                        messages.success(request, f"The commentary for {measure.code} was approved.")
                    else:
                        services.send_back(request.user, commentary, review.cleaned_data["reason"])
                        messages.success(request, f"The commentary for {measure.code} was sent back to its author.")
                    return redirect("workflow:commentary", measure.code, period_row.slug)
                if not commentary.pk:
                    review.add_error(None, "There is no commentary to review yet.")
            else:
                messages.error(request, "The form was not sent from this page; nothing was changed.")
        except services.WorkflowError as problem:
            messages.error(request, str(problem))
    scorecards = queries.scorecards_showing(measure, period_row)
    context = {
        "measure": measure,
        "period": period_row,
        "commentary": commentary,
        "form": form,
        "review": review,
        "can_write": writer and commentary.state != Commentary.State.PUBLISHED,
        "can_review": approver
        and commentary.pk
        and commentary.state in (Commentary.State.SUBMITTED, Commentary.State.APPROVED)
        and services.may_approve(request.user, commentary),
        # submitted and waiting for someone else: the words are shown as sent, with a way to take them back
        "waiting": writer and commentary.pk and commentary.state == Commentary.State.SUBMITTED,
        "next_to_write": home.next_to_write(request.user, measure, period_row) if writer else None,
        "empty_parts": [label for name, label in EMPTY_PARTS if commentary.pk and not getattr(commentary, name)],
        "someone_else_approves": approver
        and commentary.pk
        and commentary.state == Commentary.State.SUBMITTED
        and not services.may_approve(request.user, commentary),
        "four_eyes": services.FOUR_EYES,
        "scorecards": scorecards,
        "preview": preview,
        "figures": _figures_beside(measure, period_row, scorecards),
    }
    return render(request, "workflow/commentary.html", context)


def _figures_beside(measure: Measure, period_row: StoredPeriod, scorecards: list):
    """The measure's row as its first scorecard shows it this period (status, figures, target, travel), to
    write and review the commentary beside; None when no scorecard carries the period."""
    for scorecard, held, row in queries.rows_showing(measure, period_row, [s for s, _cycle in scorecards]):
        return {"scorecard": scorecard, "period": held, "row": row}
    return None


def commentary_history(request, code: str, period: str):
    measure, period_row = _measure(code), _month(period)
    if not (request.user.has_perm("indicators.view_unpublished") or permissions.can_write(request.user, measure)):
        raise PermissionDenied("The history of unpublished commentary is for staff.")
    commentary = Commentary.objects.filter(measure=measure, period=period_row).first()
    events = list(commentary.events.select_related("by")) if commentary else []
    return render(
        request,
        "workflow/commentary_history.html",
        {"measure": measure, "period": period_row, "commentary": commentary, "events": events},
    )


# ---------------------------------------------------------------------------------------- publishing


@require_http_methods(["GET", "POST"])
def publish(request, slug: str, period: str):
    if not permissions.can_publish(request.user):
        raise PermissionDenied("Only a performance officer can publish a scorecard.")
    reading = queries.reading(slug, drafts=True)
    if reading.scorecard is None:
        raise Http404(f"There is no scorecard called '{slug}'.")
    scorecard, period_row = reading.scorecard, views.period_in_address(reading, period)
    cycle = services.cycle_for(scorecard, period_row)
    form = PublishForm()
    correction_form = CorrectionForm()
    deadline_form = DeadlineForm(initial={"deadline": cycle.commentary_deadline})
    if request.method == "POST":
        try:
            if request.POST.get("intent") == "deadline":
                deadline_form = DeadlineForm(request.POST)
                if deadline_form.is_valid():
                    services.set_deadline(request.user, scorecard, period_row, deadline_form.cleaned_data["deadline"])
                    messages.success(request, "The commentary deadline was saved.")
                    return redirect("workflow:publish", slug, period_row.slug)
            elif request.POST.get("intent") == "correct":
                correction_form = CorrectionForm(request.POST)
                if correction_form.is_valid():
                    version = services.correct(
                        request.user, scorecard, period_row, correction_form.cleaned_data["note"]
                    )
                    messages.success(
                        request,
                        f"Version {version.number} of {scorecard.title}, {period_row.long_label} is published "
                        f"with your note; version {version.number - 1} stays readable.",
                    )
                    return redirect("scorecard:scorecard", slug, period_row.slug)
            elif request.POST.get("intent") == "remind" and not cycle.is_published:
                outcome = reminders.remind_now(cycle)
                messages.success(request, f"Reminders: {outcome.describe()}.")
                return redirect("workflow:publish", slug, period_row.slug)
            elif request.POST.get("intent") == "publish":
                form = PublishForm(request.POST)
                if form.is_valid():
                    services.publish(request.user, scorecard, period_row, form.cleaned_data["confirm_missing"])
                    messages.success(request, f"{scorecard.title}, {period_row.long_label} is published.")
                    return redirect("scorecard:scorecard", slug, period_row.slug)
            else:
                messages.error(request, "The form was not sent from this page; nothing was changed.")
        except services.CommentaryMissing as problem:
            form.add_error("confirm_missing", str(problem))  # marked on the box that confirms it
        except services.WorkflowError as problem:
            (correction_form if request.POST.get("intent") == "correct" else form).add_error(None, str(problem))
    lines = services.checklist(scorecard, period_row)
    context = {
        "check": None if cycle.is_published else before_publishing.check(reading, period_row, lines),
        "scorecard": scorecard,
        "period": period_row,
        "cycle": cycle,
        "lines": lines,
        "missing": [line for line in lines if not line.ready],
        "form": form,
        "deadline_form": deadline_form,
        "correction_form": correction_form,
        "correction": services.correction_preview(scorecard, period_row, cycle) if cycle.is_published else None,
        "versions": cycle.versions.select_related("published_by") if cycle.is_published else [],
    }
    return render(request, "workflow/publish.html", context)


# ------------------------------------------------------------------------------------------- audit log

AUDIT_MOST_ROWS = 100_000  # a download of the whole log is cut here, and says so in its last row


def event_links(event: AuditEvent) -> list[tuple[str, str]]:
    """Where an audit event leads: its upload, its scorecard period, its measure on that period."""
    found = []
    upload = event.details.get("upload") if isinstance(event.details, dict) else None
    if isinstance(upload, int):
        found.append((f"Upload {upload}", reverse("imports:detail", args=[upload])))
    slug = ""
    if event.scorecard and event.period:
        try:
            slug = parse_period(event.period).slug
        except ValueError:
            slug = ""
    if slug:
        found.append(("The scorecard", reverse("scorecard:scorecard", args=[event.scorecard, slug])))
        if event.measure:
            found.append(("The measure", reverse("scorecard:measure", args=[event.scorecard, slug, event.measure])))
    elif event.measure:
        found.append(("The measure", reverse("scorecard:measures") + "?" + urlencode({"q": event.measure})))
    return found


def audit_csv(events) -> HttpResponse:
    """The audit events chosen, newest first, as CSV (every cell safe to open in a spreadsheet)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["when", "who", "what", "detail", "scorecard", "measure", "period", "upload"])
    count = 0
    for event in events.iterator(chunk_size=2000):
        if count == AUDIT_MOST_ROWS:
            writer.writerow([f"The download stops at {AUDIT_MOST_ROWS:,} events: choose a shorter time."])
            break
        who = event.user.username if event.user else "(system)"
        row = [event.at.isoformat(), who, event.get_action_display(), event.summary, event.scorecard, event.measure]
        writer.writerow(spreadsheet_safe(cell) for cell in [*row, event.period, event.details.get("upload", "")])
        count += 1
    return response


def audit(request):
    if not permissions.reads_audit_log(request.user):
        raise PermissionDenied("The audit log is for performance officers.")
    form = AuditFilter(request.GET or None)
    events = AuditEvent.objects.select_related("user")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["user"]:
            events = events.filter(user=data["user"])
        if data["scorecard"]:
            events = events.filter(scorecard=data["scorecard"])
        if data["measure"]:
            events = events.filter(measure=data["measure"].strip())
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
    elif form.is_bound:
        events = events.none()
    if request.GET.get("download") == "csv" and not form.errors:
        return audit_csv(events)
    page = page_asked(request, events, 50, "the audit log")
    links = {event.pk: event_links(event) for event in page.object_list}
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("download", None)
    return render(
        request,
        "workflow/audit.html",
        {
            "form": form,
            "page": page,
            "rows": [(event, links[event.pk]) for event in page.object_list],
            "query": query.urlencode(),
            "today": dt.date.today(),
            "url": reverse("workflow:audit"),
        },
    )
