"""The working month's pages: my measures, writing and approving commentary, publishing a period and
the audit log. Thin: each asks `workflow` to act (which checks who may) and `queries` for what to show."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from indicators.models import AuditEvent, Commentary, Measure, Period
from indicators.periods import PeriodKind, parse_period

from . import queries, views, workflow


def _month(text: str) -> Period:
    try:
        value = parse_period(text, PeriodKind.MONTH)
    except ValueError as problem:
        raise Http404(f"The month in the address is not right: {problem}.") from None
    if value.kind is not PeriodKind.MONTH:
        raise Http404("Commentary is written for a scorecard month, such as 2020-09.")
    period = Period.objects.filter(code=value.code).first()
    if period is None:
        raise Http404(f"No figures have been loaded for {value.long_label}, so it has no commentary.")
    return period


def _measure(code: str) -> Measure:
    measure = Measure.objects.filter(code=code).select_related("owner_user", "responsible_user").first()
    if measure is None:
        raise Http404(f"There is no measure '{code}'.")
    return measure


# ------------------------------------------------------------------------------------------- my measures


def my_measures(request):
    user = request.user
    if not (user.has_perm("indicators.write_own_commentary") or user.has_perm("indicators.change_commentary")):
        raise PermissionDenied("My measures is for measure owners and responsible officers.")
    return render(request, "workflow/my_measures.html", {"cards": queries.my_measures(user)})


# ---------------------------------------------------------------------------------------- commentary


class CommentaryForm(forms.Form):
    data = forms.CharField(
        label="Data: what the figures show", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    review = forms.CharField(label="Review: why", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    action = forms.CharField(
        label="Action: what is being done", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    text = forms.CharField(
        label="Or free text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For commentary that is not split into data, review and action.",
    )

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(name) or "").strip() for name in workflow.TEXT_FIELDS):
            raise ValidationError("Write the commentary in the data, review and action boxes, or as free text.")
        return cleaned


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("send_back", "Send back to the author")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason for sending it back",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tell the author what to change. Needed when sending back.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "send_back" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why the commentary is sent back, so its author knows what to change.")
        return cleaned


@require_http_methods(["GET", "POST"])
def commentary(request, code: str, period: str):
    measure, period_row = _measure(code), _month(period)
    writer, approver = workflow.can_write(request.user, measure), workflow.can_approve(request.user, measure)
    if not (writer or approver):
        raise PermissionDenied(f"You cannot write or approve the commentary for {measure.code}.")
    note = workflow.starting_draft(measure, period_row)
    form = CommentaryForm(initial={name: getattr(note, name) for name in workflow.TEXT_FIELDS})
    review = ReviewForm()
    if request.method == "POST":
        intent = request.POST.get("intent", "")
        try:
            if intent in ("save", "submit"):
                if not writer:
                    raise PermissionDenied(f"You cannot write the commentary for {measure.code}.")
                form = CommentaryForm(request.POST)
                if form.is_valid():
                    workflow.save(request.user, measure, period_row, form.cleaned_data, submit=intent == "submit")
                    done = "submitted for approval" if intent == "submit" else "saved as a draft"
                    messages.success(request, f"The commentary for {measure.code}, {period_row.long_label} was {done}.")
                    return redirect("workflow:commentary", measure.code, period_row.slug)
            elif intent == "review":
                if not approver:
                    raise PermissionDenied(f"You cannot approve the commentary for {measure.code}.")
                review = ReviewForm(request.POST)
                if review.is_valid() and note.pk:
                    if review.cleaned_data["decision"] == "approve":
                        workflow.approve(request.user, note)
                        messages.success(request, f"The commentary for {measure.code} was approved.")
                    else:
                        workflow.send_back(request.user, note, review.cleaned_data["reason"])
                        messages.success(request, f"The commentary for {measure.code} was sent back to its author.")
                    return redirect("workflow:commentary", measure.code, period_row.slug)
                if not note.pk:
                    review.add_error(None, "There is no commentary to review yet.")
            else:
                messages.error(request, "The form was not sent from this page; nothing was changed.")
        except workflow.WorkflowError as problem:
            messages.error(request, str(problem))
    context = {
        "measure": measure,
        "period": period_row,
        "note": note,
        "form": form,
        "review": review,
        "can_write": writer and note.state != Commentary.State.PUBLISHED,
        "can_review": approver and note.pk and note.state in (Commentary.State.SUBMITTED, Commentary.State.APPROVED),
        "scorecards": queries.scorecards_showing(measure, period_row),
    }
    return render(request, "workflow/commentary.html", context)


def commentary_history(request, code: str, period: str):
    measure, period_row = _measure(code), _month(period)
    if not (request.user.has_perm("indicators.view_unpublished") or workflow.can_write(request.user, measure)):
        raise PermissionDenied("The history of unpublished commentary is for staff.")
    note = Commentary.objects.filter(measure=measure, period=period_row).first()
    events = list(note.events.select_related("by")) if note else []
    return render(
        request,
        "workflow/commentary_history.html",
        {"measure": measure, "period": period_row, "note": note, "events": events},
    )


# ---------------------------------------------------------------------------------------- publishing


class PublishForm(forms.Form):
    confirm_missing = forms.BooleanField(
        label="Publish without the commentary listed as missing",
        required=False,
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label="Commentary deadline",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Owners with missing commentary are reminded by e-mail as it approaches. Leave empty for none.",
    )


@require_http_methods(["GET", "POST"])
def publish(request, slug: str, period: str):
    if not workflow.can_publish(request.user):
        raise PermissionDenied("Only a performance officer can publish a scorecard.")
    reading = queries.reading(slug, drafts=True)
    if reading.scorecard is None:
        raise Http404(f"There is no scorecard called '{slug}'.")
    scorecard, period_row = reading.scorecard, views.period_in_address(reading, period)
    cycle = workflow.cycle_for(scorecard, period_row)
    form = PublishForm()
    deadline_form = DeadlineForm(initial={"deadline": cycle.commentary_deadline})
    if request.method == "POST":
        try:
            if request.POST.get("intent") == "deadline":
                deadline_form = DeadlineForm(request.POST)
                if deadline_form.is_valid():
                    workflow.set_deadline(request.user, scorecard, period_row, deadline_form.cleaned_data["deadline"])
                    messages.success(request, "The commentary deadline was saved.")
                    return redirect("workflow:publish", slug, period_row.slug)
            elif request.POST.get("intent") == "publish":
                form = PublishForm(request.POST)
                if form.is_valid():
                    workflow.publish(request.user, scorecard, period_row, form.cleaned_data["confirm_missing"])
                    messages.success(request, f"{scorecard.title}, {period_row.long_label} is published.")
                    return redirect("scorecard:scorecard", slug, period_row.slug)
            else:
                messages.error(request, "The form was not sent from this page; nothing was changed.")
        except workflow.WorkflowError as problem:
            form.add_error(None, str(problem))
    lines = workflow.checklist(scorecard, period_row)
    context = {
        "scorecard": scorecard,
        "period": period_row,
        "cycle": cycle,
        "lines": lines,
        "missing": [line for line in lines if not line.ready],
        "form": form,
        "deadline_form": deadline_form,
    }
    return render(request, "workflow/publish.html", context)


# ------------------------------------------------------------------------------------------- audit log


class AuditFilter(forms.Form):
    action = forms.ChoiceField(label="What", required=False, choices=[("", "Everything"), *AuditEvent.Action.choices])
    user = forms.CharField(label="Who (user name)", required=False, max_length=150)
    scorecard = forms.CharField(label="Scorecard (slug)", required=False, max_length=80)
    measure = forms.CharField(label="Measure code", required=False, max_length=32)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date is before the start date.")
        name = (cleaned.get("user") or "").strip()
        if name and not get_user_model().objects.filter(username=name).exists():
            self.add_error("user", f"There is no user called '{name}'.")
        return cleaned


def audit(request):
    if not request.user.has_perm("indicators.view_auditevent"):
        raise PermissionDenied("The audit log is for performance officers.")
    form = AuditFilter(request.GET or None)
    events = AuditEvent.objects.select_related("user")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["user"]:
            events = events.filter(user__username=data["user"].strip())
        if data["scorecard"]:
            events = events.filter(scorecard=data["scorecard"].strip())
        if data["measure"]:
            events = events.filter(measure=data["measure"].strip())
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
    elif form.is_bound:
        events = events.none()
    page_text = request.GET.get("page", "1")
    paginator = Paginator(events, 50)
    if not page_text.isdigit() or not 1 <= int(page_text) <= paginator.num_pages:
        messages.error(request, f"There is no page '{page_text}' of the audit log; the first page is shown.")
        page_text = "1"
    page = paginator.page(int(page_text))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workflow/audit.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "today": dt.date.today(),
            "url": reverse("workflow:audit"),
        },
    )
