"""Areas as data: the kinds of area a council reports by (wards, Westminster constituencies, its own
localities), each boundary release with its vintage, dates, source and attribution, the areas of a
release with their outlines and parents, and the figures of a measure by area.

A figure by area is kept like the council's own: in a revision, never changed or deleted, and read as
of a scorecard month. It stays on the release it was produced on: areas of another release are other
areas, never the same ones relabelled."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from .catalogue import DECIMAL, Measure
from .figures import DataPoint, Kept, Revision, StoredPeriod, figure_checks


class AreaType(models.Model):
    """A kind of area: 'ward', 'Westminster constituency', a council's 'locality'."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80, help_text="Singular, as a sentence reads it: 'ward'")
    plural = models.CharField(max_length=80, help_text="'wards'")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BoundaryRelease(models.Model):
    """One release of a kind of area's boundaries: 'Westminster Parliamentary Constituencies July 2024'."""

    area_type = models.ForeignKey(AreaType, on_delete=models.PROTECT, related_name="releases")
    name = models.CharField(max_length=160)
    vintage = models.CharField(max_length=40, help_text="'December 2022', '2010 boundaries'")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text="Empty while the boundaries are in use")
    source = models.TextField(help_text="Where the boundaries come from")
    attribution = models.TextField(help_text="The lines every map drawn on them carries, one a line")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area_type", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["area_type", "name"], name="one_release_per_name")]

    def __str__(self):
        return self.name

    @property
    def attribution_lines(self) -> list[str]:
        return [line for line in self.attribution.splitlines() if line.strip()]


class Area(models.Model):
    """An area of one release, with its outline (GeoJSON geometry, exterior rings clockwise). 'Not known'
    and 'Outside the council' are areas of their own, with no outline, so the areas add up to the
    council's figure."""

    class Kind(models.TextChoices):
        MAPPED = "mapped", "An area on the map"
        NOT_KNOWN = "not_known", "Not known"
        OUTSIDE = "outside", "Outside the council"

    release = models.ForeignKey(BoundaryRelease, on_delete=models.PROTECT, related_name="areas")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MAPPED)
    geometry = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["release", "name"]
        constraints = [models.UniqueConstraint(fields=["release", "code"], name="area_code_per_release")]

    def __str__(self):
        return f"{self.name} ({self.code})"


class AreaParent(models.Model):
    """An area within another (a ward within a constituency); a ward split between two seats belongs to
    both, each with its share (of area, or of people where the lookup gives that)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="parents")
    parent = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="children")
    share = models.DecimalField(max_digits=7, decimal_places=6, help_text="0 to 1")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "parent"], name="one_share_per_parent"),
            models.CheckConstraint(condition=Q(share__gt=0) & Q(share__lte=1), name="share_is_a_fraction"),
        ]

    def __str__(self):
        return f"{self.area} in {self.parent} ({self.share})"


class AreaFigure(Kept):
    """One measure's figure for one period in one area, in one revision: as a `DataPoint`, never changed."""

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="area_figures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="area_figures")
    period = models.ForeignKey(StoredPeriod, on_delete=models.PROTECT, related_name="area_figures")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="figures")
    numerator = models.DecimalField(**DECIMAL, null=True, blank=True)
    denominator = models.DecimalField(**DECIMAL, null=True, blank=True)
    value = models.DecimalField(**DECIMAL, null=True, blank=True)
    no_value_reason = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)

    computed_value = DataPoint.computed_value

    class Meta:
        ordering = ["measure", "period__start", "area", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "measure", "period", "area"], name="one_area_figure_per_revision"
            ),
            *figure_checks("area_"),
        ]
        indexes = [models.Index(fields=["measure", "period"])]

    def __str__(self):
        return f"{self.measure.code} {self.period} {self.area.code} (revision {self.revision_id})"
