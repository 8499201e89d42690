"""The officer's pages for changing a target: choose the measure, then the year and the rule, then the
rule's figures and the reason; the change is checked (the draft months whose status it moves) before it
is saved. Thin: `targets` does the work."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from imports.one_figure import MeasureChoice
from indicators import periods, report, rules
from indicators.models import Measure, Target

from . import targets


def _allowed(user) -> None:
    if not user.has_perm("indicators.change_target"):
        raise PermissionDenied("Only a performance officer can change a target.")


def _measure(code: str) -> Measure:
    measure = Measure.objects.filter(code=code).first()
    if measure is None:
        raise Http404(f"There is no measure '{code}'.")
    return measure


def _this_year() -> int:
    return periods.financial_year_of(dt.date.today())


def choose_measure(request):
    """Step one: which measure (grouped by scorecard, as on Type one figure)."""
    _allowed(request.user)
    choice = MeasureChoice(request.GET if "measure" in request.GET else None)
    if choice.is_bound and choice.is_valid():
        return redirect("workflow:target_rule", choice.cleaned_data["measure"].code)
    status = 400 if choice.errors else 200
    return render(request, "workflow/target_measure.html", {"choice": choice}, status=status)


def choose_rule(request, code: str):
    """Step two: the measure's targets by year, then the year a change applies from and its rule."""
    _allowed(request.user)
    measure = _measure(code)
    held = targets.held_targets(measure)
    years = targets.years_offered(held, _this_year())
    asked = "rule" in request.GET or "year" in request.GET
    initial = {"year": _this_year(), "rule": held[-1].rule if held else rules.Rule.TOLERANCE}
    form = targets.RuleChoice(request.GET if asked else None, years=years, initial=initial)
    if asked and form.is_valid():
        return redirect("workflow:target_change", code, form.cleaned_data["year"], form.cleaned_data["rule"])
    shown = [(t, targets.target_words(measure, t)) for t in held]
    context = {"measure": measure, "form": form, "held": shown}
    return render(request, "workflow/target_rule.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def change_target(request, code: str, year: int, rule: str):
    """Step three: the rule's figures and the reason. Sent once, the page shows what would change (before
    and after, and each draft month whose status moves) with a button to save; nothing is kept until then."""
    _allowed(request.user)
    measure = _measure(code)
    try:
        chosen = rules.Rule(rule)
    except ValueError:
        raise Http404(f"'{rule}' is not a rule a target can have.") from None
    held = targets.held_targets(measure)
    if year not in targets.years_offered(held, _this_year()):
        raise Http404(f"A target cannot be set from {periods.financial_year_label(year)} here.")
    now = report.target_for(held, year)  # its own, or the latest earlier one still standing
    own = now if now is not None and now.financial_year == year else None
    context = {
        "measure": measure,
        "year": year,
        "year_label": periods.financial_year_label(year),
        "rule": chosen,
        "rule_label": dict(Target.RULE_CHOICES)[chosen],
        "now": targets.target_words(measure, now),
        "now_from": now.year_label if now else "",
        "profile": bool(own and own.profile),
    }
    if request.method != "POST":
        form = targets.TargetForm(rule=chosen, initial=targets.initial_from(now, chosen))
        return render(request, "workflow/target_change.html", {**context, "form": form})
    form = targets.TargetForm(request.POST, rule=chosen)
    if not form.is_valid():
        return render(request, "workflow/target_change.html", {**context, "form": form}, status=400)
    proposed = form.as_facts(year, own.profile if own else ())
    words = targets.target_words(measure, proposed)
    # Saved only as checked: figures edited on the check page are checked again before they can be saved.
    if request.POST.get("confirm") != "yes" or request.POST.get("checked") != form.checked_as():
        consequences = targets.draft_consequences(measure, proposed, held)
        checking = {"proposed": words, "consequences": consequences, "checked": form.checked_as()}
        return render(request, "workflow/target_change.html", {**context, "form": form, **checking})
    targets.save_target(measure, proposed, form.cleaned_data["reason"], request.user)
    messages.success(request, f"The target of {measure.code} from {context['year_label']} is now {words}.")
    return redirect(reverse("workflow:target_rule", args=[measure.code]))
