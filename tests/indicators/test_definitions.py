"""The definitions file loader: everything or nothing, every problem placed."""

from decimal import Decimal

import pytest

from indicators.definitions import FieldChange, load_definitions
from indicators.models import Benchmark, Measure, Scorecard, Target
from indicators.problems import FileError

GOOD = """
measures:
  - code: 2C
    title: Permanent admissions to care homes (65+) per 100,000
    frameworks: [ASCOF, BCF]
    unit: rate
    multiplier: 100000
    decimal_places: 1
    polarity: lower
    accumulation: cumulative
    people_noun: admissions
    targets:
      - {year: 2024/25, rule: min_stretch, minimum: 315, stretch: 300}
    benchmarks:
      - year: 2022/23
        label: 2022/23 ASCOF
        england: 560.8
        region: 433.1
        rank: 126
        rank_of: 150
        previous_rank: 147
        quartiles: {worst: 900, third: 600, second: 500, first: 400, best: 200}
  - code: DP
    title: Direct payments
    targets:
      - {year: 2024/25, target: 35, tolerance: 0.5, profile: {Apr: 30, Sep: 33}}
scorecards:
  - slug: cabinet
    title: Cabinet scorecard
    sections:
      - title: Use of resources
        measures: [2C, {code: DP, number: "7"}]
"""


@pytest.mark.django_db
def test_a_good_file_loads_everything_exactly():
    result = load_definitions(GOOD)
    assert (result.measures_created, result.targets, result.benchmarks, result.scorecards) == (2, 2, 1, 1)
    measure = Measure.objects.get(code="2C")
    assert [f.code for f in measure.frameworks.all()] == ["ASCOF", "BCF"]
    assert (measure.multiplier, measure.polarity, measure.people_noun) == (100000, "lower", "admissions")
    bench = Benchmark.objects.get(measure=measure)
    assert bench.england_average == Decimal("560.8")  # exact, not 560.79999...
    assert (bench.england_rank, bench.england_rank_of, bench.previous_rank) == (126, 150, 147)
    target = Target.objects.get(measure__code="DP")
    assert target.financial_year == 2024 and target.tolerance == Decimal("0.5")
    assert {p.month: p.value for p in target.profile.all()} == {1: 30, 6: 33}
    scorecard = Scorecard.objects.get(slug="cabinet")
    assert [(e.measure.code, e.number) for e in scorecard.entries.order_by("order")] == [("2C", ""), ("DP", "7")]


@pytest.mark.django_db
def test_scorecard_groups_public_flag_and_published_quartile():
    text = GOOD.replace("slug: cabinet\n", "slug: cabinet\n    is_public: true\n").replace(
        "        rank: 126\n", "        rank: 126\n        council_quartile: Second\n"
    )
    load_definitions(text.replace("  - title:", "  - group: Prevent need\n        title:", 1))
    scorecard = Scorecard.objects.get(slug="cabinet")
    assert scorecard.is_public and scorecard.sections.first().group == "Prevent need"
    assert Benchmark.objects.get().council_quartile == "Second"


@pytest.mark.django_db
def test_loading_again_updates_in_place():
    load_definitions(GOOD)
    result = load_definitions(GOOD.replace("title: Direct payments", "title: Uptake of direct payments"))
    assert (result.measures_created, result.measures_updated, result.measures_unchanged) == (0, 1, 1)
    assert Measure.objects.get(code="DP").title == "Uptake of direct payments"
    assert [(c.what, c.field, c.old, c.new) for c in result.changes] == [
        ('measure "DP"', "title", "Direct payments", "Uptake of direct payments")
    ]
    assert Target.objects.count() == 2 and Scorecard.objects.get().entries.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message",
    [
        (
            ("polarity: lower", "polarity: downwards"),
            'measures[0] (code "2C") > polarity: "downwards" is not one of higher, lower, band, none',
        ),
        (
            ("minimum: 315", "minimum: lots"),
            'measures[0] (code "2C") > targets[0] (year 2024/25) > minimum: "lots" is not a number',
        ),
        (
            ("rule: min_stretch, minimum: 315, stretch: 300", "rule: band"),
            'measures[0] (code "2C") > targets[0] (year 2024/25) > band_low: Needed for the rule',
        ),
        (
            ("{year: 2024/25, target: 35", "{year: next year, target: 35"),
            "measures[1] (code \"DP\") > targets[0] > year: 'next year' is not a financial year",
        ),
        (
            ("frameworks: [ASCOF, BCF]", "frameworks: [ASCOF, NICE]"),
            'measures[0] (code "2C") > frameworks: "NICE" is not a known framework',
        ),
        (
            ("people_noun: admissions", "peeple_noun: admissions"),
            'measures[0] (code "2C") > peeple_noun: unknown field',
        ),
        (
            ("best: 200", "best: 950"),
            'measures[0] (code "2C") > benchmarks[0] > quartile_best: Cut points must fall from worst to best',
        ),
        (
            ("rank: 126", "rank: 151"),
            'measures[0] (code "2C") > benchmarks[0] > england_rank: The rank is larger than the number',
        ),
        (
            ('{code: DP, number: "7"}', '{code: DQ, number: "7"}'),
            'scorecards[0] (slug "cabinet") > sections[0] > measures[1]: no measure has the code "DQ"',
        ),
        (
            ("decimal_places: 1\n    polarity: lower", "decimal_places: many\n    polarity: lower"),
            'measures[0] (code "2C") > decimal_places: must be a whole number',
        ),
        (
            ("unit: rate\n", "unit: rate\n    decimal_places: 2\n"),
            'The file is not valid YAML at line 9, column 5: "decimal_places" is given twice',
        ),
        (("Sep: 33", "Sept: x"), 'measures[1] (code "DP") > targets[0] (year 2024/25) > profile > Sept'),
        (("  - code: DP\n", "  - code: 2C\n"), 'measures[1] (code "2C"): the code "2C" is defined twice'),
        (("slug: cabinet\n", "slug: cabinet\n    is_public: perhaps\n"), 'scorecards[0] (slug "cabinet") > is_public'),
        (
            ("people_noun: admissions", "people_noun: admissions\n    national_code: 2C\n    national_edition: 2019"),
            "measures[0] (code \"2C\") > national_edition: '2019' is not an ASCOF edition: write 2014",
        ),
    ],
)
def test_a_bad_file_is_refused_whole_with_entry_and_field(change, message):
    with pytest.raises(FileError) as refused:
        load_definitions(GOOD.replace(*change))
    assert any(error.startswith(message) for error in refused.value.errors), refused.value.errors
    assert Measure.objects.count() == 0 and Scorecard.objects.count() == 0  # nothing half-loaded


@pytest.mark.django_db
def test_a_bad_file_leaves_an_existing_catalogue_as_it_was():
    load_definitions(GOOD)
    with pytest.raises(FileError):
        load_definitions(
            GOOD.replace("title: Direct payments", "title: Changed").replace("polarity: lower", "polarity: up")
        )
    assert Measure.objects.get(code="DP").title == "Direct payments"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text, message",
    [
        ("measures: [\n  - code: x", "not valid YAML at line"),
        ("- just a list", "must be a mapping"),
        ("measurez: []", "Unknown top-level key(s) measurez"),
        ("measures: {code: x}", "measures: must be a list of measures"),
    ],
)
def test_unreadable_files(text, message):
    with pytest.raises(FileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_definitions(text)


def test_anchors_and_aliases_are_refused_before_anything_is_built(db):
    """A few lines of nested aliases can stand for billions of values; the files never need them."""
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    with pytest.raises(FileError, match=r"anchor or alias \(& or \*\) at line 1, column 4; write each value out"):
        load_definitions(bomb)
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_a_file_with_only_code_and_title_changes_only_the_title():
    load_definitions(GOOD)
    before = Measure.objects.get(code="2C")
    preview = load_definitions("measures:\n  - {code: 2C, title: Admissions to care homes}\n", dry_run=True)
    assert preview.changes == [FieldChange('measure "2C"', "title", before.title, "Admissions to care homes")]
    assert Measure.objects.get(code="2C").title == before.title  # a preview changes nothing
    load_definitions("measures:\n  - {code: 2C, title: Admissions to care homes}\n")
    after = Measure.objects.get(code="2C")
    kept = ("polarity", "accumulation", "decimal_places", "people_noun", "unit", "multiplier", "frequency")
    assert [getattr(after, name) for name in kept] == [getattr(before, name) for name in kept]
    assert (after.polarity, after.accumulation, after.people_noun) == ("lower", "cumulative", "admissions")
    assert sorted(f.code for f in after.frameworks.all()) == ["ASCOF", "BCF"]
    assert Target.objects.filter(measure=after).count() == 1 and Benchmark.objects.filter(measure=after).count() == 1
    assert Scorecard.objects.get().entries.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entry, field, old, new, value",
    [
        ("{code: 2C, short_title: null}", "short_title", None, None, ""),  # unchanged: already empty
        ("{code: 2C, people_noun: null}", "people_noun", "admissions", "people", "people"),
        ("{code: 2C, polarity: null}", "polarity", "lower", "higher", "higher"),
        ("{code: 2C, decimal_places: null}", "decimal_places", None, None, 1),
        ("{code: 2C, decimal_places: 2}", "decimal_places", "1", "2", 2),
        ("{code: 2C, multiplier: null}", "multiplier", None, None, Decimal(100000)),
        ("{code: 2C, frameworks: []}", "frameworks", "ASCOF, BCF", "(none)", None),
        ("{code: 2C, benchmarkable: true}", "benchmarkable", "no", "yes", True),
    ],
)
def test_an_explicit_null_clears_a_field_or_puts_back_its_default(entry, field, old, new, value):
    load_definitions(GOOD)
    result = load_definitions(f"measures:\n  - {entry}\n")
    changes = [(c.field, c.old, c.new) for c in result.changes]
    assert changes == ([] if old is None else [(field, old, new)])
    if value is not None:
        assert getattr(Measure.objects.get(code="2C"), field) == value


@pytest.mark.django_db
def test_targets_benchmarks_and_scorecards_keep_what_the_file_leaves_out():
    load_definitions(GOOD)
    result = load_definitions(
        "measures:\n  - code: DP\n    targets:\n      - {year: 2024/25, target: 40}\n"
        "  - code: 2C\n    benchmarks:\n      - {year: 2022/23, rank: 120}\n"
        "scorecards:\n  - {slug: cabinet, title: Cabinet scorecard 2024}\n"
    )
    assert [(c.what, c.field, c.old, c.new) for c in result.changes] == [
        ('target of "DP" for 2024/25', "target", "35", "40"),
        ('benchmark of "2C" for 2022/23', "england_rank", "126", "120"),
        ('scorecard "cabinet"', "title", "Cabinet scorecard", "Cabinet scorecard 2024"),
    ]
    target = Target.objects.get(measure__code="DP")
    assert (target.tolerance, target.profile.count()) == (Decimal("0.5"), 2)
    bench = Benchmark.objects.get(measure__code="2C")
    assert (bench.england_average, bench.quartile_best, bench.previous_rank) == (Decimal("560.8"), 200, 147)
    assert Scorecard.objects.get().entries.count() == 2  # no sections in the file: membership kept


@pytest.mark.django_db
def test_a_changed_membership_is_listed_and_the_load_is_audited_field_by_field():
    from indicators.models import AuditEvent

    load_definitions(GOOD)
    result = load_definitions(
        "scorecards:\n  - slug: cabinet\n    sections:\n      - {title: Use of resources, measures: [DP]}\n",
        source="cabinet.yaml",
    )
    assert [(c.field, c.old, c.new) for c in result.changes] == [
        ("sections", "Use of resources: 2C, DP", "Use of resources: DP")
    ]
    event = AuditEvent.objects.filter(action="definitions").latest("at")
    assert event.details["changes"][0]["old"] == "Use of resources: 2C, DP"


@pytest.mark.django_db
def test_a_scorecard_chooses_how_status_is_judged_and_what_travel_compares_with():
    load_definitions(GOOD)
    load_definitions("scorecards:\n  - {slug: cabinet, status_precision: full, comparison: baseline}\n")
    assert Scorecard.objects.values_list("status_precision", "comparison").get() == ("full", "baseline")
    with pytest.raises(FileError, match='comparison: "yesterday" is not one of auto, previous, last_year, baseline'):
        load_definitions("scorecards:\n  - {slug: cabinet, comparison: yesterday}\n")
