"""The national data in the admin: councils and releases to look at, comparator groups to keep."""

from django import forms
from django.contrib import admin
from django.db import models

from indicators.admin import ReadOnlyAdmin

from .models import ComparatorGroup, Council, Release


class LookOnly(ReadOnlyAdmin):
    """Loaded from the national files only: nothing here is typed in."""


@admin.register(Council)
class CouncilAdmin(LookOnly):
    list_display = ["name", "ons_code", "region", "council_type"]
    list_filter = ["region", "council_type"]
    search_fields = ["name", "ons_code"]


@admin.register(Release)
class ReleaseAdmin(LookOnly):
    list_display = ["file_name", "layout", "records", "loaded_at"]


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(admin.ModelAdmin):
    """A council's comparator group, with who drew it up and when (CIPFA's lists are licensed: councils add
    their own copy; the product never ships one)."""

    list_display = ["name", "source", "as_of"]
    search_fields = ["name", "source"]
    # Councils as checkboxes: the admin's two-box picker labels a <span> with aria-label (not allowed).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
