"""A date typed as day, month and year in three boxes, as the GOV.UK design system asks for dates people
know (rather than a browser's date picker, which differs from browser to browser and is hard to use by
keyboard and screen reader). Each problem is said as GOV.UK words it: what is missing, or that the date
is not a real one. `templates/_field.html` draws it as a fieldset with a box for each part."""

from __future__ import annotations

import datetime as dt

from django import forms

PARTS = ("Day", "Month", "Year")


class DatePartsWidget(forms.MultiWidget):
    date_parts = True  # tells templates/_field.html to draw the three labelled boxes

    def __init__(self, attrs=None):
        boxes = [forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}) for _ in PARTS]
        super().__init__(boxes, attrs)

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DatePartsBoundField(forms.BoundField):
    @property
    def date_parts(self) -> list[tuple[str, str, str]]:
        """(label, name, value) for each box, the value as typed (or the initial date's)."""
        value = self.value()
        if not isinstance(value, list | tuple):
            value = self.field.widget.decompress(value)
        return [
            (label, f"{self.html_name}_{i}", "" if part is None else str(part))
            for i, (label, part) in enumerate(zip(PARTS, value, strict=True))
        ]


class DatePartsField(forms.MultiValueField):
    widget = DatePartsWidget

    def __init__(self, **kwargs):
        parts = [forms.CharField(required=False, max_length=4) for _ in PARTS]
        super().__init__(parts, require_all_fields=False, **kwargs)

    def get_bound_field(self, form, field_name):
        return DatePartsBoundField(form, self, field_name)

    def compress(self, data_list):
        if not data_list or not any((part or "").strip() for part in data_list):
            return None
        day, month, year = [(part or "").strip() for part in data_list]
        label = self.label or "The date"
        missing = [name.lower() for name, part in zip(PARTS, (day, month, year), strict=True) if not part]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{label} must be a real date, in numbers: for example 27 3 2025")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None
