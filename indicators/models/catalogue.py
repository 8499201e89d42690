"""The measure catalogue: measures, scorecards and their sections, targets and benchmarks. Models hold
data and invariants; every calculation lives in `rules`, `periods`, `report` and `formatting`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .. import periods, quartiles, rules

DECIMAL = {"max_digits": 24, "decimal_places": 8}


class Framework(models.Model):
    """A family of measures: ASCOF, BCF, Oflog, NHS, Local."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.code


class Measure(models.Model):
    class Unit(models.TextChoices):
        PERCENTAGE = rules.Unit.PERCENTAGE, "Percentage"
        RATE = rules.Unit.RATE, "Rate per N population"
        COUNT = rules.Unit.COUNT, "Count"
        AVERAGE = rules.Unit.AVERAGE, "Average (days, weeks)"
        SCORE = rules.Unit.SCORE, "Score"

    class Polarity(models.TextChoices):
        HIGHER = rules.Polarity.HIGHER, "Higher is better"
        LOWER = rules.Polarity.LOWER, "Lower is better"
        BAND = rules.Polarity.BAND, "Within a target band"
        NONE = rules.Polarity.NONE, "None (for information only)"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"
        BIENNIAL = "biennial", "Every two years"

    class Accumulation(models.TextChoices):
        SNAPSHOT = "snapshot", "Snapshot (position on a date)"
        CUMULATIVE = "cumulative", "Cumulative (1 April to date)"
        ROLLING = "rolling", "Rolling 12 months"

    code = models.CharField(max_length=32, unique=True, help_text="e.g. 2C, 3D part 2a, SAT1")
    title = models.CharField(max_length=400)
    short_title = models.CharField(
        max_length=80, blank=True, help_text="Used in 'previous' and 'next' links, e.g. 'Shared Lives uptake'"
    )
    definition = models.TextField(blank=True)
    frameworks = models.ManyToManyField(Framework, blank=True, related_name="measures")
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.PERCENTAGE)
    unit_label = models.CharField(
        max_length=80, blank=True, help_text="e.g. 'per 100,000 population aged 65+', 'days', 'weeks'"
    )
    multiplier = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal(100),
        help_text="100 for a percentage, 100000 for a rate per 100,000, 1 for a count or an average",
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    decimal_places = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(6)])
    polarity = models.CharField(max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY)
    accumulation = models.CharField(max_length=12, choices=Accumulation.choices, default=Accumulation.SNAPSHOT)
    source = models.TextField(blank=True)
    owner = models.CharField("measure owner", max_length=200, blank=True, help_text="The owner's role title")
    responsible_officer = models.CharField(max_length=200, blank=True, help_text="The officer's role title")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="owner's log-in",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_measures",
        help_text="Writes the commentary and is reminded when it is missing",
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsible officer's log-in",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_measures",
        help_text="May write the commentary and approve it",
    )
    faq = models.TextField("frequently asked questions", blank=True)
    benchmarkable = models.BooleanField(default=False)
    constituency_breakdown = models.BooleanField(default=False)
    people_noun = models.CharField(
        max_length=60,
        blank=True,
        default="people",
        help_text="What the people in quartile distances are called: 'admissions', 'carers'",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    national_code = models.CharField(
        max_length=24,
        blank=True,
        help_text="The national measure it is benchmarked against, e.g. 2D (ASCOF); empty for a local measure",
    )
    national_disaggregation = models.CharField(max_length=40, blank=True, help_text="e.g. 65 and over; empty: Total")
    national_edition = models.CharField(
        "ASCOF edition of the national code",
        max_length=4,
        blank=True,
        choices=[("2014", "ASCOF 2014-15 to 2022-23"), ("2023", "ASCOF 2023-24 onwards")],
        help_text="ASCOF was renumbered in 2023-24, so a code names a measure only within its edition; empty: 2014",
        error_messages={
            "invalid_choice": "%(value)r is not an ASCOF edition: write 2014 (for the codes of 2014-15 to 2022-23) "
            "or 2023 (for the codes of 2023-24 onwards)"
        },
    )
    client_level_code = models.CharField(
        max_length=8,
        blank=True,
        help_text="The ASCOF measure worked out from client-level data that gives its figures, e.g. 3D2A",
    )
    client_level_group = models.CharField(
        max_length=40, blank=True, help_text="Its group: Total, 18 to 64, 65 and above, Learning disability 18 to 64"
    )

    history = HistoricalRecords(m2m_fields=["frameworks"])

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        if self.unit == self.Unit.PERCENTAGE and self.multiplier != 100:
            raise ValidationError({"multiplier": "A percentage has a multiplier of 100."})

    @property
    def period_kind(self) -> periods.PeriodKind:
        return {
            self.Frequency.MONTHLY: periods.PeriodKind.MONTH,
            self.Frequency.QUARTERLY: periods.PeriodKind.QUARTER,
        }.get(self.frequency, periods.PeriodKind.YEAR)

    @property
    def is_cumulative(self) -> bool:
        return self.accumulation == self.Accumulation.CUMULATIVE


class Scorecard(models.Model):
    class Layout(models.TextChoices):
        CABINET = "cabinet", "Cabinet scorecard"
        MONTHLY_GRID = "monthly_grid", "Monthly grid"
        ANNUAL = "annual", "Annual outcomes report"
        NARRATIVE = "narrative", "Narrative quarterly report"
        ASCOF_APPENDIX = "ascof_appendix", "ASCOF appendix (quarterly integrated performance report)"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True, help_text="The council")
    produced_by = models.CharField(max_length=200, blank=True, help_text="e.g. the information and analysis team")
    description = models.TextField(blank=True)
    layout = models.CharField(max_length=20, choices=Layout.choices, default=Layout.CABINET)
    is_public = models.BooleanField(
        "public",
        default=False,
        help_text="Anyone may read its published periods without signing in",
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY)
    reasons_when_off_track = models.BooleanField(
        "Review and Action required when RED or AMBER",
        default=True,
        help_text="Commentary for a measure that is RED or AMBER here must say why (Review) and what is being "
        "done (Action) before it can be submitted",
    )
    measures = models.ManyToManyField(Measure, through="ScorecardMeasure", related_name="scorecards")

    class Precision(models.TextChoices):
        PUBLISHED = "published", "The figure as printed (rounded to the measure's decimal places)"
        FULL = "full", "Full precision"

    class Comparison(models.TextChoices):
        AUTO = "auto", "The previous period; the same period last year for year-to-date measures"
        PREVIOUS = "previous", "The previous period, as it was reported"
        LAST_YEAR = "last_year", "The same period last year"
        BASELINE = "baseline", "Last year's outturn (the baseline)"

    status_precision = models.CharField(
        "status judged on",
        max_length=10,
        choices=Precision.choices,
        default=Precision.PUBLISHED,
        help_text="Councils judge the figure as printed, so what readers see and the status agree",
    )
    comparison = models.CharField(
        "direction of travel compares with",
        max_length=10,
        choices=Comparison.choices,
        default=Comparison.AUTO,
    )
    council_code = models.CharField(
        "council's ONS code",
        max_length=9,
        blank=True,
        help_text="e.g. E10000018: national benchmarks are worked out for this council",
    )
    comparator_group = models.CharField(
        max_length=120, blank=True, help_text="The name of an uploaded comparator group, shown beside the council"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        permissions = [
            ("view_unpublished", "Can see unpublished scorecard periods and draft commentary"),
            ("publish_period", "Can publish a scorecard period"),
        ]

    def __str__(self):
        return self.title

    @property
    def period_kind(self) -> periods.PeriodKind:
        return {
            self.Frequency.MONTHLY: periods.PeriodKind.MONTH,
            self.Frequency.QUARTERLY: periods.PeriodKind.QUARTER,
        }.get(self.frequency, periods.PeriodKind.YEAR)


class Section(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(blank=True, help_text="e.g. the strategic outcome the measures support")
    group = models.CharField(
        max_length=200,
        blank=True,
        help_text="A heading over several sections, e.g. 'Prevent need' above its supporting outcomes",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["scorecard", "order"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "order"], name="section_order_unique")]

    def __str__(self):
        return f"{self.scorecard}: {self.title}"


class ScorecardMeasure(models.Model):
    """A measure's place on a scorecard: its section, its order and the number printed beside it."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="entries")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="entries")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="entries")
    order = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=20, blank=True, help_text="The number printed on the scorecard")

    history = HistoricalRecords()

    class Meta:
        ordering = ["scorecard", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "measure"], name="measure_once_per_scorecard"),
            models.UniqueConstraint(fields=["scorecard", "order"], name="entry_order_unique"),
        ]

    def __str__(self):
        return f"{self.scorecard}: {self.number or self.measure.code}"

    def clean(self):
        if self.section_id and self.scorecard_id and self.section.scorecard_id != self.scorecard_id:
            raise ValidationError({"section": "The section belongs to another scorecard."})


class Target(models.Model):
    """A measure's target for one financial year, with the rule its status is judged by."""

    class ToleranceType(models.TextChoices):
        ABSOLUTE = "absolute", "In the measure's units (percentage points for a percentage)"
        RELATIVE = "relative", "As a % of the target"

    RULE_CHOICES = [
        (rules.Rule.TOLERANCE, "Single target with a tolerance"),
        (rules.Rule.MIN_STRETCH, "Minimum and stretch"),
        (rules.Rule.BAND, "Target band"),
        (rules.Rule.DIRECTION, "Direction of travel only"),
        (rules.Rule.NONE, "No target (for information only)"),
    ]
    REQUIRED = {
        rules.Rule.TOLERANCE: ["target"],
        rules.Rule.MIN_STRETCH: ["minimum"],
        rules.Rule.BAND: ["band_low", "band_high"],
        rules.Rule.DIRECTION: [],
        rules.Rule.NONE: [],
    }

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    financial_year = models.PositiveSmallIntegerField(help_text="The year it starts: 2024 for 2024/25")
    rule = models.CharField(max_length=12, choices=RULE_CHOICES, default=rules.Rule.TOLERANCE)
    target = models.DecimalField(**DECIMAL, null=True, blank=True)
    tolerance = models.DecimalField(**DECIMAL, null=True, blank=True, validators=[MinValueValidator(0)])
    tolerance_type = models.CharField(max_length=10, choices=ToleranceType.choices, default=ToleranceType.ABSOLUTE)
    minimum = models.DecimalField(**DECIMAL, null=True, blank=True)
    stretch = models.DecimalField(**DECIMAL, null=True, blank=True)
    band_low = models.DecimalField(**DECIMAL, null=True, blank=True)
    band_high = models.DecimalField(**DECIMAL, null=True, blank=True)
    label = models.CharField(
        max_length=80, blank=True, help_text="Shown instead of the figures, e.g. 'DoT only', '<4.1 (17 admissions)'"
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "financial_year"]
        constraints = [models.UniqueConstraint(fields=["measure", "financial_year"], name="target_per_year")]

    def __str__(self):
        return f"{self.measure.code} {periods.financial_year_label(self.financial_year)}"

    @property
    def year_label(self) -> str:
        return periods.financial_year_label(self.financial_year)

    def clean(self):
        errors = {}
        for name in self.REQUIRED.get(self.rule, []):
            if getattr(self, name) is None:
                errors[name] = f"Needed for the rule '{self.get_rule_display()}'."
        if self.band_low is not None and self.band_high is not None and self.band_low > self.band_high:
            errors["band_high"] = "The top of the band is below its bottom."
        if errors:
            raise ValidationError(errors)


class TargetProfile(models.Model):
    """A month-by-month target through the year (month 1 = April)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="profile")
    month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)], help_text="1 = April, 12 = March"
    )
    value = models.DecimalField(**DECIMAL)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target", "month"]
        constraints = [models.UniqueConstraint(fields=["target", "month"], name="profile_month_unique")]

    def __str__(self):
        return f"{self.target} month {self.month}"


class Benchmark(models.Model):
    """National and regional comparators for one year, with the ASCOF quartile cut points."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benchmarks")
    financial_year = models.PositiveSmallIntegerField(help_text="The year the figures are for: 2018 for 2018/19")
    label = models.CharField(max_length=80, help_text="e.g. '2018/19 ASCOF'")
    england_average = models.DecimalField(**DECIMAL, null=True, blank=True)
    regional_average = models.DecimalField(**DECIMAL, null=True, blank=True)
    region_name = models.CharField(max_length=80, blank=True)
    england_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    england_rank_of = models.PositiveSmallIntegerField(null=True, blank=True, help_text="e.g. 150 councils")
    previous_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    quartile_worst = models.DecimalField(**DECIMAL, null=True, blank=True)
    quartile_third = models.DecimalField("3rd quartile cut point", **DECIMAL, null=True, blank=True)
    quartile_second = models.DecimalField("2nd quartile cut point", **DECIMAL, null=True, blank=True)
    quartile_first = models.DecimalField("1st quartile cut point", **DECIMAL, null=True, blank=True)
    quartile_best = models.DecimalField(**DECIMAL, null=True, blank=True)
    council_quartile = models.CharField(
        max_length=20,
        blank=True,
        help_text="This council's quartile as published for the year ('Top', 'Second'), when no cut points are held",
    )

    QUARTILE_FIELDS = ["quartile_worst", "quartile_third", "quartile_second", "quartile_first", "quartile_best"]

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "financial_year"]
        constraints = [models.UniqueConstraint(fields=["measure", "financial_year"], name="benchmark_per_year")]

    def __str__(self):
        return f"{self.measure.code} {self.label}"

    def clean(self):
        errors = {}
        cuts = [getattr(self, name) for name in self.QUARTILE_FIELDS]
        given = [c for c in cuts if c is not None]
        if given and len(given) != len(cuts):
            errors["quartile_worst"] = "Give all five quartile cut points (worst, 3rd, 2nd, 1st, best) or none."
        elif given and self.measure_id:
            polarity = self.measure.polarity
            ordered = sorted(cuts) if polarity != Measure.Polarity.LOWER else sorted(cuts, reverse=True)
            if polarity not in (Measure.Polarity.HIGHER, Measure.Polarity.LOWER):
                errors["quartile_worst"] = "Quartiles need a measure where higher or lower is better."
            elif cuts != ordered:
                way = "rise" if polarity == Measure.Polarity.HIGHER else "fall"
                errors["quartile_best"] = f"Cut points must {way} from worst to best for this measure."
        if self.england_rank and self.england_rank_of and self.england_rank > self.england_rank_of:
            errors["england_rank"] = "The rank is larger than the number of councils ranked."
        if errors:
            raise ValidationError(errors)

    @property
    def cuts(self) -> quartiles.QuartileCuts | None:
        values = [getattr(self, name) for name in self.QUARTILE_FIELDS]
        if any(v is None for v in values):
            return None
        return quartiles.QuartileCuts(*values)
