"""The measure catalogue and its data. Models hold data and invariants; every calculation lives in
`rules`, `periods` and `formatting`."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from . import periods, rules

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
    measures = models.ManyToManyField(Measure, through="ScorecardMeasure", related_name="scorecards")

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

    def as_rule(self, profile_value: Decimal | None = None) -> rules.TargetRule:
        """The rule for one period; a monthly profile value replaces the single target."""
        return rules.TargetRule(
            rule=rules.Rule(self.rule),
            target=profile_value if profile_value is not None else self.target,
            tolerance=self.tolerance,
            tolerance_is_relative=self.tolerance_type == self.ToleranceType.RELATIVE,
            minimum=self.minimum,
            stretch=self.stretch,
            band_low=self.band_low,
            band_high=self.band_high,
        )


class TargetProfile(models.Model):
    """A month-by-month target through the year (month 1 = April)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="profile")
    month = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(12)], help_text="1 = April, 12 = March"
    )
    value = models.DecimalField(**DECIMAL)

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
    def cuts(self) -> rules.QuartileCuts | None:
        values = [getattr(self, name) for name in self.QUARTILE_FIELDS]
        if any(v is None for v in values):
            return None
        return rules.QuartileCuts(*values)


class Period(models.Model):
    """A month, quarter or financial year; the code is canonical ('2024-09', '2024/25 Q2', '2024/25')."""

    KIND_CHOICES = [(k.value, k.value.title()) for k in periods.PeriodKind]

    kind = models.CharField(max_length=8, choices=KIND_CHOICES)
    code = models.CharField(max_length=12, unique=True)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start", "end"]
        constraints = [models.UniqueConstraint(fields=["kind", "start"], name="period_kind_start_unique")]

    def __str__(self):
        return self.code

    @property
    def value(self) -> periods.Period:
        return periods.parse_period(self.code)

    @property
    def label(self) -> str:
        return self.value.label

    @property
    def slug(self) -> str:
        return self.value.slug

    @property
    def long_label(self) -> str:
        return self.value.long_label

    @classmethod
    def fields_for(cls, period: periods.Period) -> dict:
        return {"kind": period.kind.value, "code": period.code, "start": period.start, "end": period.end}

    @classmethod
    def for_value(cls, period: periods.Period) -> Period:
        obj, _ = cls.objects.get_or_create(code=period.code, defaults=cls.fields_for(period))
        return obj

    @classmethod
    def resolve(cls, values) -> dict[str, Period]:
        """Code -> Period row for many periods, creating the missing ones in bulk."""
        wanted = {p.code: p for p in values}
        found = {p.code: p for p in cls.objects.filter(code__in=wanted)}
        missing = [cls(**cls.fields_for(p)) for code, p in wanted.items() if code not in found]
        if missing:
            cls.objects.bulk_create(missing, ignore_conflicts=True)
            found = {p.code: p for p in cls.objects.filter(code__in=wanted)}
        return found


class Revision(models.Model):
    """One load of figures: the extract for a reporting month. Revisions are never changed or
    deleted, so what a scorecard reported and what the data says now are both known."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Web upload"
        COMMAND = "command", "Command line"
        DEMO = "demo", "Demo data"

    reporting_period = models.ForeignKey(
        Period,
        on_delete=models.PROTECT,
        related_name="revisions",
        help_text="The scorecard month this extract is for",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.COMMAND)
    file_name = models.CharField(max_length=255, blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["reporting_period__start", "id"]

    def __str__(self):
        return f"Revision {self.pk} for {self.reporting_period} ({self.file_name or self.get_source_display()})"


class DataPoint(models.Model):
    """One measure's figure for one period in one revision."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="data_points")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="data_points")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="data_points")
    numerator = models.DecimalField(**DECIMAL, null=True, blank=True)
    denominator = models.DecimalField(**DECIMAL, null=True, blank=True)
    value = models.DecimalField(
        **DECIMAL,
        null=True,
        blank=True,
        help_text="The value as given, for figures with no numerator (surveys, published figures)",
    )
    no_value_reason = models.CharField(max_length=300, blank=True, help_text="e.g. 'Due June 2022'")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["measure", "period__start", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "measure", "period"], name="one_figure_per_revision"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | ~Q(denominator=0), name="denominator_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=False),
                name="numerator_needs_denominator",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(numerator__isnull=False) | ~Q(no_value_reason=""),
                name="value_or_reason",
            ),
        ]
        indexes = [models.Index(fields=["measure", "period"])]

    def __str__(self):
        return f"{self.measure.code} {self.period} (revision {self.revision_id})"

    def computed_value(self, multiplier: Decimal) -> Decimal | None:
        return rules.measure_value(self.numerator, self.denominator, multiplier, self.value)


class Commentary(models.Model):
    """What the measure owner says about a measure for one scorecard period."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        SENT_BACK = "sent_back", "Sent back"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"

    # Still with its author: not written yet counts too (no Commentary row).
    WITH_AUTHOR = (State.DRAFT, State.SENT_BACK)

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="commentaries")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="commentaries")
    data = models.TextField("data: what the figures show", blank=True)
    review = models.TextField("review: why", blank=True)
    action = models.TextField("action: what is being done", blank=True)
    text = models.TextField("free text", blank=True, help_text="For commentary not split into data, review, action")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_title = models.CharField(max_length=200, blank=True, help_text="The author's role, e.g. 'Head of Service'")
    sent_back_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "period__start"]
        verbose_name_plural = "commentaries"
        permissions = [
            ("write_own_commentary", "Can write commentary on the measures they own or are responsible for"),
            ("approve_commentary", "Can approve commentary or send it back"),
        ]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="commentary_per_period")]

    def __str__(self):
        return f"{self.measure.code} {self.period}"

    TEXT_FIELDS = ("data", "review", "action", "text")
    NEEDS_WORDS = "Write the commentary in the data, review and action boxes, or as free text."

    @classmethod
    def has_words(cls, fields: dict) -> bool:
        """Does any of data, review, action or free text hold words? (The one test of empty commentary.)"""
        return any(str(fields.get(name) or "").strip() for name in cls.TEXT_FIELDS)

    def clean(self):
        if not self.has_words({name: getattr(self, name) for name in self.TEXT_FIELDS}):
            raise ValidationError(self.NEEDS_WORDS)


def signed_in_person(user):
    """The signed-in person behind a change, or None for the command line, a file load or the public."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


class CommentaryEvent(models.Model):
    """One step in a commentary's life, with the words as they stood after it. Never changed."""

    class Action(models.TextChoices):
        SAVED = "saved", "Draft saved"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"
        PUBLISHED = "published", "Published"
        LOADED = "loaded", "Loaded from a file"

    commentary = models.ForeignKey(Commentary, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    state = models.CharField(max_length=10, choices=Commentary.State.choices)
    data = models.TextField(blank=True)
    review = models.TextField(blank=True)
    action_text = models.TextField(blank=True)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="The reason, when sent back")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commentary", "at", "id"]

    def __str__(self):
        return f"{self.commentary}: {self.get_action_display()}"

    @classmethod
    def record(cls, note: Commentary, action: str, user=None, reason: str = "") -> CommentaryEvent:
        """The step, with the words as they stand after it."""
        return cls.objects.create(
            commentary=note,
            action=action,
            state=note.state,
            data=note.data,
            review=note.review,
            action_text=note.action,
            text=note.text,
            note=reason,
            by=signed_in_person(user),
        )


class ScorecardPeriod(models.Model):
    """A scorecard's month in the working cycle: the commentary deadline and, once published, what
    was published. Published figures, statuses and commentary are frozen: the report for a published
    period reads only the revisions loaded by then and keeps the statuses in `snapshot`."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="cycle")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    commentary_deadline = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    missing_at_publication = models.TextField(blank=True, help_text="Measures published without approved commentary")
    revision_cutoff = models.BigIntegerField(null=True, blank=True, help_text="The last revision published")
    snapshot = models.JSONField(default=dict, blank=True, help_text="Each measure's status and target as published")

    class Meta:
        ordering = ["scorecard", "-period__start"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "period"], name="one_cycle_per_scorecard_period")]

    def __str__(self):
        return f"{self.scorecard} {self.period}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AuditEvent(models.Model):
    """Who did what and when: uploads, catalogue changes, statuses, commentary and publishing."""

    class Action(models.TextChoices):
        UPLOAD = "upload", "Figures uploaded"
        DEFINITIONS = "definitions", "Definitions loaded"
        TARGET = "target", "Target changed"
        BENCHMARK = "benchmark", "Benchmark changed"
        STATUS_OVERRIDE = "status", "Status set by judgement"
        COMMENTARY = "commentary", "Commentary"
        DEADLINE = "deadline", "Deadline set"
        PUBLISH = "publish", "Period published"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=12, choices=Action.choices)
    summary = models.CharField(max_length=500)
    scorecard = models.CharField(max_length=80, blank=True, help_text="The scorecard's slug")
    measure = models.CharField(max_length=32, blank=True, help_text="The measure's code")
    period = models.CharField(max_length=12, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["action", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}: {self.summary}"

    @classmethod
    def record(cls, action, summary: str, user=None, **fields) -> AuditEvent:
        return cls.objects.create(action=action, summary=summary[:500], user=signed_in_person(user), **fields)

    @classmethod
    def status_set(cls, override: StatusOverride, user=None, **details) -> AuditEvent:
        """A status set by judgement, from the admin or a commentary file."""
        return cls.record(
            cls.Action.STATUS_OVERRIDE,
            f"{override.measure.code} {override.period.label}: status set to {override.status} ({override.reason})",
            user,
            measure=override.measure.code,
            period=override.period.code,
            details=details,
        )


class StatusOverride(models.Model):
    """A status set by judgement ('forecast to meet target') with its reason. Never edited: a new
    override for the same measure and period supersedes the last, so the history is kept."""

    STATUS_CHOICES = [(s.value, s.value) for s in rules.Status]

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_overrides")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="status_overrides")
    status = models.CharField(max_length=5, choices=STATUS_CHOICES)
    reason = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "period__start", "set_at", "id"]

    def __str__(self):
        return f"{self.measure.code} {self.period}: {self.status}"

    def clean(self):
        if not (self.reason or "").strip():
            raise ValidationError({"reason": "Say why the status is set by hand."})


def _new_token() -> str:
    return secrets.token_hex(8)


class DataVersion(models.Model):
    """One row whose number goes up whenever the catalogue or the figures change, in the same transaction
    as the change. Cached scorecard reports and page fragments are keyed by it, so nothing is served
    after the data under it has changed, in any process. The token, chosen when the row is made, keeps
    a rebuilt database from meeting an old cache."""

    version = models.BigIntegerField(default=0)
    token = models.CharField(max_length=16, default=_new_token)

    def __str__(self):
        return f"data version {self.token}-{self.version}"

    @classmethod
    def current(cls) -> str:
        row = cls.objects.filter(pk=1).values_list("token", "version").first()
        if row is None:
            cls.objects.get_or_create(pk=1)
            row = cls.objects.filter(pk=1).values_list("token", "version").first()
        return f"{row[0]}-{row[1]}"

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})
