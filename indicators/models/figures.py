"""The figures: periods, revisions (one per load, never changed), the figures each carries, statuses set
by judgement, and the data version that caches are keyed by."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import periods, rules
from .catalogue import DECIMAL, Measure


class StoredPeriod(models.Model):
    """A period as stored, for the figures, revisions and commentary that refer to it: a month, quarter
    or financial year, with its canonical code ('2024-09', '2024/25 Q2', '2024/25'). The period itself,
    with its arithmetic, is the plain value `periods.Period` (`.value`)."""

    KIND_CHOICES = [(k.value, k.value.title()) for k in periods.PeriodKind]

    kind = models.CharField(max_length=8, choices=KIND_CHOICES)
    code = models.CharField(max_length=12, unique=True)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        verbose_name = "period"
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
    def for_value(cls, period: periods.Period) -> StoredPeriod:
        obj, _ = cls.objects.get_or_create(code=period.code, defaults=cls.fields_for(period))
        return obj

    @classmethod
    def named(cls, text: object, kind: periods.PeriodKind | None = None) -> StoredPeriod:
        """The stored period a person named ('2024-09', 'Sep 24', '2024/25 Q2'). Raises ValueError saying
        what is wrong: not a period, not of the kind asked for, or no figures loaded for it."""
        value = periods.parse_period(text, kind)
        if kind is not None and value.kind is not kind:
            raise ValueError(f"'{text}' is not a {kind}")
        found = cls.objects.filter(code=value.code).first()
        if found is None:
            raise ValueError(f"no figures have been loaded for {value.long_label}")
        return found

    @classmethod
    def resolve(cls, values) -> dict[str, StoredPeriod]:
        """Code -> StoredPeriod row for many periods, creating the missing ones in bulk."""
        wanted = {p.code: p for p in values}
        found = {p.code: p for p in cls.objects.filter(code__in=wanted)}
        missing = [cls(**cls.fields_for(p)) for code, p in wanted.items() if code not in found]
        if missing:
            cls.objects.bulk_create(missing, ignore_conflicts=True)
            found = {p.code: p for p in cls.objects.filter(code__in=wanted)}
        return found


class KeptQuerySet(models.QuerySet):
    """Rows kept as they were written: a query may add them and read them, never change or delete them."""

    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name_plural} are kept as loaded and never changed.")

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name_plural} are kept as loaded and never deleted.")


class Kept(models.Model):
    """A record that, once written, is never changed or deleted: neither the object nor a query can."""

    objects = KeptQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(f"A {self._meta.verbose_name} is kept as loaded and never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"A {self._meta.verbose_name} is kept as loaded and never deleted.")


class Revision(Kept):
    """One load of figures: the extract for a reporting month. Revisions are never changed or
    deleted, so what a scorecard reported and what the data says now are both known."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Web upload"
        COMMAND = "command", "Command line"
        DEMO = "demo", "Demo data"
        TYPED = "typed", "Typed in"
        CLIENT_LEVEL = "cld", "Worked out from client-level data"

    reporting_period = models.ForeignKey(
        StoredPeriod,
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


def figure_checks(prefix: str = "") -> list[models.CheckConstraint]:
    """What every kept figure holds to (the council's, and one area's): a denominator is never zero, a
    numerator comes with its denominator, and a figure has a value, a numerator or a reason there is none.
    `prefix` keeps each model's constraint names its own."""
    return [
        models.CheckConstraint(
            condition=Q(denominator__isnull=True) | ~Q(denominator=0), name=f"{prefix}denominator_not_zero"
        ),
        models.CheckConstraint(
            condition=Q(numerator__isnull=True) | Q(denominator__isnull=False),
            name=f"{prefix}numerator_needs_denominator",
        ),
        models.CheckConstraint(
            condition=Q(value__isnull=False) | Q(numerator__isnull=False) | ~Q(no_value_reason=""),
            name=f"{prefix}value_or_reason",
        ),
    ]


class DataPoint(Kept):
    """One measure's figure for one period in one revision, never changed or deleted."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="data_points")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="data_points")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="data_points")
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
            *figure_checks(),
        ]
        indexes = [models.Index(fields=["measure", "period"])]

    def __str__(self):
        return f"{self.measure.code} {self.period} (revision {self.revision_id})"

    def computed_value(self, multiplier: Decimal) -> Decimal | None:
        return rules.measure_value(self.numerator, self.denominator, multiplier, self.value)


class StatusOverride(models.Model):
    """A status set by judgement ('forecast to meet target') with its reason. Never edited: a new
    override for the same measure and period supersedes the last, so the history is kept."""

    STATUS_CHOICES = [(s.value, s.value) for s in rules.Status]

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_overrides")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="status_overrides")
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
    """One row holding two numbers, each moved on in the same transaction as the change it counts.

    `version` counts changes to the figures or to what judges them (uploads, typed figures, the
    catalogue, targets, SPC methods and marks, statuses set by judgement): worked-out reports are cached
    by it. `words` counts changes to what is laid over a report on each request (commentary, approvals,
    deadlines, publications): the page fragments and downloads that show those are cached by both. So
    saving a draft leaves every worked-out report warm, in every process. The token, chosen when the
    row is made, keeps a rebuilt database from meeting an old cache."""

    version = models.BigIntegerField(default=0)
    words = models.BigIntegerField(default=0)
    token = models.CharField(max_length=16, default=_new_token)

    def __str__(self):
        return f"data version {self.token}-{self.version}, words {self.words}"

    @classmethod
    def _row(cls, locked: bool = False) -> tuple[str, int, int]:
        rows = cls.objects.select_for_update() if locked else cls.objects
        row = rows.filter(pk=1).values_list("token", "version", "words").first()
        if row is None:
            cls.objects.get_or_create(pk=1)
            row = rows.filter(pk=1).values_list("token", "version", "words").get()
        return row

    @classmethod
    def current(cls) -> str:
        """The figures version: what a worked-out report is cached by."""
        token, version, _words = cls._row()
        return f"{token}-{version}"

    @classmethod
    def both(cls) -> tuple[str, str]:
        """The figures version and the words version, in one query."""
        token, version, words = cls._row()
        return f"{token}-{version}", f"{token}-{words}"

    @classmethod
    def current_locked(cls) -> str:
        """The figures version, with its row locked until the transaction ends: no figure can change
        (every change moves the version on) until then. Call inside `transaction.atomic`."""
        token, version, _words = cls._row(locked=True)
        return f"{token}-{version}"

    @classmethod
    def bump(cls, words: bool = False) -> None:
        """Move the figures version on, or with `words` the words version."""
        field = "words" if words else "version"
        if not cls.objects.filter(pk=1).update(**{field: models.F(field) + 1}):
            cls.objects.get_or_create(pk=1, defaults={field: 1})
