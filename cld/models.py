"""Client-level data as the product keeps it: each submission as it came (its pseudonymised events in a
Parquet file of their own in the file store, never in the database every page reads), and the ASCOF
figures worked out from every submission not withdrawn, for the 12 months to each quarter end."""

from django.conf import settings
from django.db import models

from imports.models import Upload
from indicators.models import BoundaryRelease


def events_path(instance, filename: str) -> str:
    return f"cld/events/{filename}"


class SubmissionQuerySet(models.QuerySet):
    def in_use(self):
        """The submissions the figures are worked out from: not withdrawn, oldest first (a later file's
        record of an event is the one kept)."""
        return self.filter(withdrawn_at__isnull=True).order_by("period_end", "created_at", "pk")


def lookups_path(instance, filename: str) -> str:
    return f"cld/lookups/{filename}"


class PostcodeLookupQuerySet(models.QuerySet):
    def in_use(self):
        """The lookup client-level data read now is given: the latest loaded (None when none is)."""
        return self.order_by("-created_at", "-pk").select_related("release", "release__area_type").first()


class PostcodeLookup(models.Model):
    """A postcode-to-area lookup as loaded (`lookup`): public data, kept as a Parquet file of postcodes and
    the area each is in, on one boundary release. Client-level data read while it is the latest has each
    person's postcode replaced by its area on arrival; the postcode itself is never kept."""

    upload = models.OneToOneField(Upload, on_delete=models.PROTECT, related_name="postcode_lookup")
    release = models.ForeignKey(BoundaryRelease, on_delete=models.PROTECT, related_name="+")
    column = models.CharField(max_length=60, help_text="The heading the area codes were read from")
    postcodes = models.PositiveIntegerField()
    outside = models.PositiveIntegerField(help_text="Postcodes placed outside the council's areas")
    lookup_file = models.FileField(upload_to=lookups_path, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostcodeLookupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Postcodes to {self.release.area_type.plural} ({self.release.name})"


class Submission(models.Model):
    upload = models.OneToOneField(Upload, on_delete=models.PROTECT, related_name="cld_submission")
    la_code = models.CharField(max_length=10, help_text="The council's 3-digit LA code, as the file gives it")
    period_start = models.DateField(help_text="The reporting period the file states")
    period_end = models.DateField()
    events = models.PositiveIntegerField(help_text="Events kept (rows that could be used)")
    people = models.PositiveIntegerField(help_text="Distinct people (pseudonyms) among them")
    events_file = models.FileField(upload_to=events_path, max_length=300, help_text="The pseudonymised events")
    quality = models.JSONField(default=dict, help_text="The data-quality report of the check")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)
    lookup = models.ForeignKey(
        PostcodeLookup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
        help_text="The lookup its postcodes were replaced by areas with, on arrival (none: no areas kept)",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-created_at", "-pk"]
        permissions = [("see_people", "See the people behind client-level figures")]

    def __str__(self):
        return f"CLD {self.la_code} {self.period_start} to {self.period_end}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class QuarterFigure(models.Model):
    """One ASCOF figure for the 12 months to a quarter end, as last worked out. Worked out again, whole,
    whenever a submission is added or withdrawn (`services.work_out_figures`)."""

    quarter_end = models.DateField()
    code = models.CharField(max_length=8)
    group = models.CharField(max_length=40)
    area = models.CharField(
        max_length=40,
        blank=True,
        help_text="Empty for the council as a whole, else an area's code, 'not known' or 'outside'",
    )
    numerator = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(null=True, blank=True)
    per = models.PositiveIntegerField(default=100, help_text="100 for a percentage, 100,000 for a rate")
    value = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    left_out = models.JSONField(default=dict, blank=True)
    submissions = models.JSONField(default=list, help_text="The submissions it was worked out from")
    worked_at = models.DateTimeField()

    class Meta:
        ordering = ["quarter_end", "code", "group", "area"]
        constraints = [
            models.UniqueConstraint(fields=["quarter_end", "code", "group", "area"], name="one_cld_figure_per_area")
        ]

    def __str__(self):
        return f"{self.code} {self.group}{f' in {self.area}' if self.area else ''} to {self.quarter_end}"


class Population(models.Model):
    """One area's ONS mid-year population by the age bands of 2B and 2C, as an uploaded file gave it. Every
    upload's rows are kept; the latest upload's row for an area and year is the one read."""

    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="cld_populations")
    mid_year = models.PositiveSmallIntegerField()
    ons_code = models.CharField("ONS code", max_length=9)
    name = models.CharField(max_length=120, blank=True)
    aged_18_64 = models.PositiveIntegerField()
    aged_65_plus = models.PositiveIntegerField()

    class Meta:
        ordering = ["ons_code", "mid_year", "-upload_id"]
        indexes = [models.Index(fields=["ons_code", "mid_year"])]
        constraints = [
            models.UniqueConstraint(fields=["upload", "mid_year", "ons_code"], name="one_population_per_file")
        ]

    def __str__(self):
        return f"{self.name or self.ons_code} mid-{self.mid_year}"
