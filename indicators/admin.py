"""The measure catalogue in Django's admin: what a performance officer works in day to day."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from accounts import roles
from accounts.naming import name_and_login

from .formatting import plain_number
from .models import (
    AuditEvent,
    Benchmark,
    Commentary,
    DataPoint,
    Framework,
    Measure,
    Revision,
    Scorecard,
    ScorecardMeasure,
    Section,
    SpcMark,
    SpcMethod,
    StatusOverride,
    StoredPeriod,
    Target,
    TargetProfile,
)

admin.site.site_header = "Adult Social Care performance: measure catalogue"
admin.site.site_title = "Measure catalogue"
admin.site.index_title = "Catalogue, figures and commentary"


class PlainNumbersForm(forms.ModelForm):
    """Numbers shown as they were set (23, 0.5), not as the store keeps them (23.00000000)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            value = self.initial.get(name)
            if isinstance(field, forms.DecimalField) and isinstance(value, Decimal):
                self.initial[name] = plain_number(value)


# Who may own a measure or answer for it: people who work here, not councillors or the public.
STAFF_ROLES = (roles.MANAGER, roles.PERFORMANCE_OFFICER, roles.ADMINISTRATOR)


# A target's year, rule and figures are changed on its own page (/targets/), which asks only the chosen
# rule's fields and a reason, and shows the draft months whose status would move before saving. Here they
# are shown, not edited; the monthly profile and the note are kept here.
TARGET_SET_ELSEWHERE = [
    "financial_year",
    "rule",
    "target",
    "tolerance",
    "tolerance_type",
    "minimum",
    "stretch",
    "band_low",
    "band_high",
    "label",
]
CHANGED_ON_ITS_PAGE = mark_safe(
    'Change the year, rule or figures on <a href="/targets/">Change a target</a>, which shows the draft '
    "months whose status would move before anything is saved."
)


class TargetShownForm(PlainNumbersForm):
    """The target's year, rule and figures shown as set and not editable (a sent value is ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TARGET_SET_ELSEWHERE:
            if name in self.fields:
                self.fields[name].disabled = True


class TargetInline(admin.StackedInline):
    model = Target
    form = TargetShownForm
    extra = 0
    show_change_link = True
    fieldsets = [
        (
            None,
            {
                "fields": [("financial_year", "rule"), ("target", "tolerance", "tolerance_type")],
                "description": CHANGED_ON_ITS_PAGE,
            },
        ),
        ("Minimum and stretch / band", {"fields": [("minimum", "stretch"), ("band_low", "band_high")]}),
        ("Shown as", {"fields": ["label", "note"]}),
    ]

    def has_add_permission(self, request, obj=None):
        return False


class BenchmarkInline(admin.StackedInline):
    model = Benchmark
    form = PlainNumbersForm
    extra = 0
    fieldsets = [
        (None, {"fields": [("financial_year", "label")]}),
        (
            "Averages and rank",
            {
                "fields": [
                    ("england_average", "regional_average", "region_name"),
                    ("england_rank", "england_rank_of", "previous_rank"),
                ]
            },
        ),
        (
            "Quartile cut points, worst to best",
            {
                "fields": [
                    ("quartile_worst", "quartile_third", "quartile_second", "quartile_first", "quartile_best"),
                ]
            },
        ),
    ]


class ScorecardFilter(admin.SimpleListFilter):
    title = "scorecard"
    parameter_name = "scorecard"

    def lookups(self, request, model_admin):
        return [(s.slug, s.title) for s in Scorecard.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(entries__scorecard__slug=self.value()).distinct()
        return queryset


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    """Every change here (and to targets and benchmarks inline) is kept field by field and written to the
    audit log by `indicators.audit_trail`; History shows each version."""

    list_display = ["code", "title", "unit", "polarity", "frequency", "framework_list", "owner", "benchmarkable"]
    list_display_links = ["code", "title"]
    list_filter = [ScorecardFilter, "frameworks", "unit", "polarity", "frequency", "accumulation", "benchmarkable"]
    search_fields = ["code", "title", "short_title", "definition", "owner", "responsible_officer"]
    # Frameworks as checkboxes: the admin's two-box picker labels a <span> with aria-label (not allowed).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [TargetInline, BenchmarkInline]
    fieldsets = [
        (None, {"fields": ["code", "title", "short_title", "definition", "frameworks"]}),
        (
            "How it is calculated",
            {
                "fields": [
                    ("unit", "unit_label"),
                    ("multiplier", "decimal_places"),
                    ("polarity", "frequency", "accumulation"),
                ]
            },
        ),
        ("People", {"fields": [("owner", "responsible_officer"), ("owner_user", "responsible_user")]}),
        (
            "On the measure page",
            {"fields": ["source", "faq", ("benchmarkable", "constituency_breakdown"), "people_noun"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("frameworks")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("owner_user", "responsible_user"):
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
                .distinct()
                .order_by("last_name", "first_name", "username")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("owner_user", "responsible_user"):
            field.label_from_instance = name_and_login
            field.help_text = "Someone who signs in here as a manager or a performance officer"
        return field

    @admin.display(description="frameworks")
    def framework_list(self, obj):
        return ", ".join(f.code for f in obj.frameworks.all())


class LabelledTabularInline(admin.TabularInline):
    """A table of inline rows whose inputs each carry their column's name (the admin's tabular inlines
    give the column a heading but the input no label, which screen readers then cannot name)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs.setdefault("aria-label", str(db_field.verbose_name).capitalize())
        return field

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = "Delete this row"

        return Labelled


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "financial_year", "rule", "target", "minimum", "stretch", "band_low", "band_high"]
    list_filter = ["financial_year", "rule"]
    search_fields = ["measure__code", "measure__title"]
    # The measure is chosen from a plain list: the admin's search box gives screen readers no name.
    list_select_related = ["measure"]
    form = TargetShownForm
    readonly_fields = ["measure"]
    fieldsets = [(None, {"fields": ["measure", *TARGET_SET_ELSEWHERE, "note"], "description": CHANGED_ON_ITS_PAGE})]

    def has_add_permission(self, request):
        return False

    class ProfileInline(LabelledTabularInline):
        model = TargetProfile
        form = PlainNumbersForm
        extra = 0
        verbose_name = "month in the profile (1 = April)"

    inlines = [ProfileInline]


class SectionInline(LabelledTabularInline):
    model = Section
    extra = 0


class EntryInline(LabelledTabularInline):
    model = ScorecardMeasure
    extra = 0
    autocomplete_fields = ["measure"]
    fields = ["order", "number", "section", "measure"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section" and request.resolver_match and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = Section.objects.filter(scorecard_id=request.resolver_match.kwargs["object_id"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Scorecard)
class ScorecardAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "layout", "frequency", "comparison", "is_public"]
    search_fields = ["title", "organisation"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SectionInline, EntryInline]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(StoredPeriod)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "start", "end"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Figures are changed by loading a new revision, never edited in place."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["id", "reporting_period", "source", "file_name", "created_at", "created_by", "figures"]
    list_filter = ["source", "reporting_period"]
    search_fields = ["file_name", "checksum", "note"]

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            super()
            .get_queryset(request)
            .select_related("reporting_period", "created_by")
            .annotate(n_figures=Count("data_points"))
        )

    @admin.display(description="figures", ordering="n_figures")
    def figures(self, obj):
        return obj.n_figures


@admin.register(DataPoint)
class DataPointAdmin(ReadOnlyAdmin):
    list_display = ["measure", "period", "numerator", "denominator", "value", "no_value_reason", "revision_link"]
    list_filter = ["period__kind", "revision__reporting_period", "measure__frameworks"]
    search_fields = ["measure__code", "measure__title"]
    list_select_related = ["measure", "period", "revision__reporting_period"]

    @admin.display(description="revision")
    def revision_link(self, obj):
        return format_html("{} ({})", obj.revision_id, obj.revision.reporting_period)


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    """Read only: commentary is written, approved and published on the commentary pages, so every
    change goes through the workflow and into its history."""

    list_display = ["measure", "period", "state", "author_title", "updated_at"]
    list_filter = ["state", "period"]
    search_fields = ["measure__code", "measure__title", "data", "review", "action", "text"]
    list_select_related = ["measure", "period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StatusOverride)
class StatusOverrideAdmin(admin.ModelAdmin):
    """Manual statuses are added, never edited, so the history of judgements is kept."""

    list_display = ["measure", "period", "status", "reason", "set_by", "set_at"]
    list_filter = ["status", "period"]
    search_fields = ["measure__code", "reason"]
    # The measure is chosen from a plain list: the admin's search box gives screen readers no name.
    list_select_related = ["measure"]
    readonly_fields = ["set_by", "set_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
        AuditEvent.status_set(obj, request.user)


@admin.register(SpcMethod)
class SpcMethodAdmin(SimpleHistoryAdmin):
    """How a measure's XmR chart is drawn, with the reason: never changed automatically; every change is in
    the audit log with its old and new values."""

    list_display = ["measure", "improvement", "conflict", "screen_moving_ranges", "baseline_end"]
    # The measure is chosen from a plain list: the admin's search box gives screen readers no name.
    list_select_related = ["measure"]
    search_fields = ["measure__code", "measure__title", "reason"]


@admin.register(SpcMark)
class SpcMarkAdmin(SimpleHistoryAdmin):
    """Periods an officer recalculates the limits from, or leaves out of the chart, each with its reason."""

    list_display = ["measure", "period", "kind", "reason", "set_by", "set_at"]
    list_filter = ["kind"]
    # The measure is chosen from a plain list: the admin's search box gives screen readers no name.
    list_select_related = ["measure"]
    search_fields = ["measure__code", "reason"]
    readonly_fields = ["set_by", "set_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_by = request.user
        super().save_model(request, obj, form, change)
