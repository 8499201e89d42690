"""What each person's home page says to do next, read in a fixed number of queries however many
scorecards and measures there are:

* a performance officer: each scorecard's latest month and every month not yet published (commentary
  missing, waiting for approval, approved; published or not), the latest uploads with their warnings,
  and the signals;
* anyone who approves commentary: the approval queue;
* a manager: commentary sent back to them for any month not yet published (first), and the commentary
  due, with its deadline (from `scorecard.queries.my_measures`);
* a reader: the scorecards published, and what was published or corrected since their last visit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts import permissions
from imports.models import Upload
from indicators.models import Commentary, PublishedVersion, ScorecardMeasure, ScorecardPeriod, StoredPeriod
from scorecard import queries

from .before_publishing import since_before
from .models import HomeVisit, SpcAlert

State = Commentary.State


@dataclass
class ScorecardMonth:
    """One scorecard's latest period as the officer sees it this month."""

    scorecard: object
    period: StoredPeriod
    measures: int
    published_at: dt.datetime | None = None
    deadline: dt.date | None = None
    states: Counter = field(default_factory=Counter)
    more_unpublished: int = 0  # older periods of the scorecard not published and not listed

    @property
    def missing(self) -> int:
        written = sum(self.states.values())
        return self.measures - written + self.states[State.DRAFT] + self.states[State.SENT_BACK]

    @property
    def waiting(self) -> int:
        return self.states[State.SUBMITTED]

    @property
    def approved(self) -> int:
        return self.states[State.APPROVED] + self.states[State.PUBLISHED]


# Unpublished periods listed per scorecard on the officer's home page, newest first; a scorecard loaded
# with years of history it never published says how many more there are rather than listing them all.
MOST_UNPUBLISHED = 12


def officer_months(listed: list) -> list[ScorecardMonth]:
    """For each scorecard its newest period and every period not yet published (newest first, up to
    MOST_UNPUBLISHED), with where each one's commentary stands: an earlier draft month with work still
    to do never drops off the page when a later month is loaded. `listed` is
    `scorecard.queries.list_scorecards(drafts=True)`: (scorecard, periods newest first, published ids).
    Four queries, however many scorecards and periods."""
    shown: dict[int, tuple[object, list[StoredPeriod], int]] = {}
    for scorecard, periods, published in listed:
        if not periods:
            continue
        unpublished = [p for p in periods if p.id not in published]
        wanted = unpublished[:MOST_UNPUBLISHED]
        if periods[0] not in wanted:
            wanted.insert(0, periods[0])  # the newest, published or not
        shown[scorecard.id] = (scorecard, wanted, max(len(unpublished) - MOST_UNPUBLISHED, 0))
    if not shown:
        return []
    members: dict[int, set[int]] = {}
    for scorecard_id, measure_id in ScorecardMeasure.objects.filter(scorecard_id__in=shown).values_list(
        "scorecard_id", "measure_id"
    ):
        members.setdefault(scorecard_id, set()).add(measure_id)
    period_ids = {period.id for _, periods, _ in shown.values() for period in periods}
    states: dict[tuple[int, int], str] = {
        (measure_id, period_id): state
        for measure_id, period_id, state in Commentary.objects.filter(period_id__in=period_ids).values_list(
            "measure_id", "period_id", "state"
        )
    }
    cycles = {
        (c.scorecard_id, c.period_id): c
        for c in ScorecardPeriod.objects.filter(scorecard_id__in=shown, period_id__in=period_ids)
    }
    months = []
    for scorecard_id, (scorecard, periods, more) in shown.items():
        for period in periods:
            cycle = cycles.get((scorecard_id, period.id))
            month = ScorecardMonth(
                scorecard,
                period,
                len(members.get(scorecard_id, ())),
                published_at=cycle.published_at if cycle else None,
                deadline=cycle.commentary_deadline if cycle else None,
            )
            for measure_id in members.get(scorecard_id, ()):
                state = states.get((measure_id, period.id))
                if state:
                    month.states[state] += 1
            months.append(month)
        months[-1].more_unpublished = more
    return months


def approval_queue(user, limit: int | None = None) -> list[Commentary]:
    """Commentary submitted and waiting for this person's approval: every measure's for a performance
    officer, their own measures' for a responsible officer; never their own words when four eyes apply."""
    if not user.is_authenticated:
        return []
    waiting = Commentary.objects.filter(state=State.SUBMITTED).select_related("measure", "period", "author")
    if not user.has_perm("indicators.approve_commentary"):
        if not user.has_perm("indicators.write_own_commentary"):
            return []
        waiting = waiting.filter(measure__responsible_user=user)
    if settings.COMMENTARY_FOUR_EYES:
        waiting = waiting.exclude(author=user)
    waiting = waiting.order_by("updated_at")
    return list(waiting[:limit] if limit else waiting)


def sent_back_to(user) -> list[Commentary]:
    """Commentary sent back to this person (its author, or the measure's owner or responsible officer) for
    any period not yet published, oldest period first: it stays at the top of their pages, however many
    later months are loaded, until it is resubmitted. One query."""
    if not user.is_authenticated:
        return []
    published = ScorecardPeriod.objects.filter(
        published_at__isnull=False,
        period=OuterRef("period"),
        scorecard__entries__measure=OuterRef("measure"),
    )
    return list(
        Commentary.objects.filter(state=State.SENT_BACK)
        .filter(Q(author=user) | Q(measure__owner_user=user) | Q(measure__responsible_user=user))
        .exclude(Exists(published))
        .select_related("measure", "period")
        .order_by("period__start", "measure__code")
    )


def recent_uploads(limit: int = 5) -> list[Upload]:
    latest = Upload.objects.select_related("reporting_period", "uploaded_by").defer("preview", "errors")
    return list(latest.order_by("-created_at")[:limit])  # warnings are read: a handful, to count them


def recent_signals(user, days: int = 31, limit: int = 10) -> list[SpcAlert]:
    """Signals e-mailed in the last `days`: every measure's for an officer, a manager's own otherwise."""
    signals = SpcAlert.objects.select_related("measure", "period").filter(
        sent_at__gte=timezone.now() - dt.timedelta(days=days)
    )
    if not permissions.can_publish(user):
        signals = signals.filter(Q(measure__owner_user=user) | Q(measure__responsible_user=user))
    return list(signals[:limit])


@dataclass
class ReadersNews:
    """What a reader has not seen: months published and corrections made since their last visit."""

    last_visit: dt.datetime | None
    published: list[ScorecardPeriod]
    corrections: list[PublishedVersion]


def readers_news(user, visible_slugs: set[str], now: dt.datetime | None = None) -> ReadersNews:
    """Since the reader's last visit (or, on a first visit, the last 31 days), and note this visit."""
    now = now or timezone.now()
    visit = HomeVisit.objects.filter(user=user).first() if user.is_authenticated else None
    since = visit.seen_at if visit else now - dt.timedelta(days=31)
    published = list(
        ScorecardPeriod.objects.filter(published_at__gt=since, scorecard__slug__in=visible_slugs)
        .select_related("scorecard", "period")
        .order_by("-published_at")
    )
    corrections = list(
        PublishedVersion.objects.filter(number__gt=1, published_at__gt=since, cycle__scorecard__slug__in=visible_slugs)
        .select_related("cycle__scorecard", "cycle__period")
        .order_by("-published_at")
    )
    if visit is not None:
        HomeVisit.objects.filter(pk=visit.pk).update(seen_at=now)
    elif user.is_authenticated:
        HomeVisit.objects.create(user=user, seen_at=now)
    return ReadersNews(visit.seen_at if visit else None, published, corrections)


@dataclass
class Lead:
    """The period a reader's home page leads with: the latest published, with what changed in it."""

    scorecard: object
    period: StoredPeriod
    report: object
    since: object  # before_publishing.Since


def latest_published(listed: list) -> Lead | None:
    """The latest period published among the scorecards the reader may see (the one ending last; of two,
    the one published last), with its report and what changed since the period before."""
    visible = [scorecard for scorecard, periods, _ in listed if periods]
    cycle = (
        ScorecardPeriod.objects.filter(scorecard__in=visible, published_at__isnull=False)
        .select_related("scorecard", "period")
        .order_by("-period__end", "-published_at")
        .first()
    )
    if cycle is None:
        return None
    reading = queries.reading(cycle.scorecard.slug, drafts=False)
    period = next((p for p in reading.periods if p.pk == cycle.period_id), None)
    if period is None:
        return None
    report = queries.report_for_reading(reading, period)
    return Lead(reading.scorecard, period, report, since_before(reading, period, report))


@dataclass
class Home:
    """Everything a person's home page shows before the list of scorecards."""

    months: list[ScorecardMonth] = field(default_factory=list)  # officers
    uploads: list[Upload] = field(default_factory=list)  # officers who upload
    signals: list[SpcAlert] = field(default_factory=list)  # officers and measure owners
    queue: list[Commentary] = field(default_factory=list)  # whoever approves
    sent_back: list[Commentary] = field(default_factory=list)  # whoever writes: sent back, not yet resubmitted
    queue_size: int = 0
    my_cards: list = field(default_factory=list)  # managers: commentary due
    news: ReadersNews | None = None  # readers who see only what is published
    lead: Lead | None = None  # readers: the latest published period, first


def for_person(user, listed: list, drafts: bool) -> Home:
    """The home page of `user`, given the scorecards they may see (`list_scorecards`)."""
    home = Home()
    if permissions.can_publish(user):
        home.months = officer_months(listed)
        home.uploads = recent_uploads() if permissions.can_upload(user) else []
    elif permissions.writes_commentary(user):
        home.my_cards = queries.my_measures(user)
    if permissions.writes_commentary(user) or permissions.can_publish(user):
        home.signals = recent_signals(user)
    if permissions.writes_commentary(user):
        home.sent_back = sent_back_to(user)
    queue = approval_queue(user)
    home.queue, home.queue_size = queue[:5], len(queue)
    if not drafts:
        home.news = readers_news(user, {scorecard.slug for scorecard, periods, _ in listed if periods})
        home.lead = latest_published(listed)
    return home


def next_to_write(user, measure, period) -> tuple | None:
    """The next of this person's measures whose commentary is not written or not yet resubmitted, on the
    scorecards' latest periods, after `measure` for `period`: (measure row, scorecard period)."""
    waiting = {None, *Commentary.WITH_AUTHOR}
    for card in queries.my_measures(user):
        states = {
            c.measure_id: c.state
            for c in Commentary.objects.filter(period=card.period, measure_id__in=[r.measure.id for r in card.rows])
        }
        for row in card.rows:
            if (row.measure.id, card.period.pk) == (measure.pk, period.pk):
                continue
            if states.get(row.measure.id) in waiting:
                return row, card.period
    return None
