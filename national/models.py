"""The national data as loaded: each file a release, each row a record for one area, measure,
disaggregation and year; councils (from the data) and the comparator groups officers upload."""

from __future__ import annotations

from django.db import models

from indicators import periods

from .measures import EDITIONS


class Council(models.Model):
    """An English council with social care responsibilities, as the national data names it."""

    ons_code = models.CharField("ONS code", max_length=9, unique=True, help_text="e.g. E10000018")
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=60, blank=True)
    council_type = models.CharField(max_length=60, blank=True, help_text="e.g. Counties, London Boroughs")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.ons_code})"


class Release(models.Model):
    """One national file as loaded. A later file for the same year revises it; both are kept, and the
    figures are read from the latest release holding each measure and year."""

    class Layout(models.TextChoices):
        ASCOF_2024 = "ascof_2024", "ASCOF CSV, 2024-25 onwards"
        ASCOF_2014 = "ascof_2014", "ASCOF CSV, 2014-15 to 2022-23"
        ASCOF_OUTCOMES = "outcomes", "ASCOF outcomes (values only), several years"
        OFLOG = "oflog", "Oflog Local Authority Data Explorer extract"

    # Files of values only (no counts, no margins) fill in the measure-years no file with counts holds.
    VALUES_ONLY = (Layout.ASCOF_OUTCOMES, Layout.OFLOG)

    layout = models.CharField(max_length=12, choices=Layout.choices)
    file_name = models.CharField(max_length=255)
    checksum = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where the file came from, and its licence")
    loaded_at = models.DateTimeField(auto_now_add=True)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-loaded_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_layout_display()})"


class Record(models.Model):
    """One area's figure for one measure, disaggregation and year, as a release published it. A
    suppressed figure is kept with no value, never as 0."""

    class Level(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        COUNCIL_TYPE = "council_type", "Council type"
        COUNCIL = "council", "Council"

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="rows")
    edition = models.CharField(
        max_length=4,
        choices=EDITIONS.items(),
        default="2014",
        help_text="The framework edition of the year: a code names a measure only within its edition",
    )
    measure = models.CharField(max_length=24, help_text="The national code in one spelling: 2D, 1C2A, ASC5")
    disaggregation = models.CharField(max_length=40, default="Total")
    year = models.PositiveSmallIntegerField(help_text="The financial year's start: 2021 is 2021/22")
    level = models.CharField(max_length=12, choices=Level.choices)
    area_code = models.CharField(max_length=9)
    area_name = models.CharField(max_length=120)
    region = models.CharField(max_length=60, blank=True)
    council_type = models.CharField(max_length=60, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    margin = models.FloatField(null=True, blank=True, help_text="A survey measure's published margin of error")
    base = models.FloatField(null=True, blank=True, help_text="A survey measure's respondents")

    class Meta:
        indexes = [models.Index(fields=["edition", "measure", "disaggregation", "year"])]

    def __str__(self):
        return f"{self.area_name} {self.measure} {periods.financial_year_label(self.year)}"


class ComparatorGroup(models.Model):
    """A group of councils a council compares itself with (CIPFA nearest neighbours, its own list),
    uploaded by an officer with where it came from and when. CIPFA's lists are licensed: the product
    never ships them."""

    name = models.CharField(max_length=120, unique=True)
    source = models.CharField(max_length=300, help_text="Who drew the list up, e.g. 'CIPFA nearest neighbours'")
    as_of = models.DateField("dated", help_text="The date of the list")
    councils = models.ManyToManyField(Council, related_name="groups")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
