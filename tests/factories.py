"""factory_boy factories for the catalogue and its data."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from indicators import periods
from indicators.models import (
    Benchmark,
    DataPoint,
    Measure,
    Revision,
    Scorecard,
    ScorecardMeasure,
    Section,
    StoredPeriod,
    Target,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    code = factory.Sequence(lambda n: f"M{n:03d}")
    title = factory.LazyAttribute(lambda o: f"Measure {o.code}")
    unit = Measure.Unit.PERCENTAGE
    multiplier = Decimal(100)
    decimal_places = 1
    polarity = Measure.Polarity.HIGHER
    frequency = Measure.Frequency.MONTHLY


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard

    slug = factory.Sequence(lambda n: f"scorecard-{n}")
    title = factory.Sequence(lambda n: f"Scorecard {n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    scorecard = factory.SubFactory(ScorecardFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    order = factory.Sequence(lambda n: n)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScorecardMeasure

    section = factory.SubFactory(SectionFactory)
    scorecard = factory.SelfAttribute("section.scorecard")
    measure = factory.SubFactory(MeasureFactory)
    order = factory.Sequence(lambda n: n)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    measure = factory.SubFactory(MeasureFactory)
    financial_year = 2024
    rule = "tolerance"
    target = Decimal(75)


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benchmark

    measure = factory.SubFactory(MeasureFactory)
    financial_year = 2023
    label = "2023/24 ASCOF"
    england_average = Decimal("50.0")
    quartile_worst = Decimal(10)
    quartile_third = Decimal(40)
    quartile_second = Decimal(50)
    quartile_first = Decimal(60)
    quartile_best = Decimal(90)


def period(code: str) -> StoredPeriod:
    return StoredPeriod.for_value(periods.parse_period(code))


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Revision

    reporting_period = factory.LazyFunction(lambda: period("2024-09"))
    source = Revision.Source.COMMAND


class DataPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataPoint

    revision = factory.SubFactory(RevisionFactory)
    measure = factory.SubFactory(MeasureFactory)
    period = factory.LazyFunction(lambda: period("2024-09"))
    numerator = Decimal(50)
    denominator = Decimal(100)


def scorecard_with_measures(n: int, months=("2024-08", "2024-09")) -> Scorecard:
    """A scorecard of `n` measures, each with a target and a figure for every month, in one revision."""
    section = SectionFactory()
    revision = RevisionFactory(reporting_period=period(months[-1]))
    for i in range(n):
        entry = EntryFactory(section=section, scorecard=section.scorecard, order=i)
        TargetFactory(measure=entry.measure)
        for month in months:
            DataPointFactory(revision=revision, measure=entry.measure, period=period(month))
    return section.scorecard
