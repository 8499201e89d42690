"""The words of the Client Level Data specification that the product reads: its field names, and the
defined-list values the measures test, in Release 2's wording.

Councils send Release 1 or Release 2 wording, in any capitalisation and spacing, and some send the text
`NULL` for an empty field. `canonical` reads a value as the specification means it: matched without
regard to case or spacing, a Release 1 value mapped to Release 2 explicitly (`RELEASE_1`), and a value
in neither list kept as sent so the data-quality report can count it as invalid.
"""

from __future__ import annotations

import re

# The fields the product keeps, by their name in the specification, with the name they are kept under.
# Everything else in a file (names, GP practice, postcode, free text, costs, providers) is dropped on
# arrival; NHS number and local person id are replaced by keyed pseudonyms (`pseudonyms`).
KEPT = {
    "LA Code": "la_code",
    "Reporting Period Start Date": "period_start",
    "Reporting Period End Date": "period_end",
    "Gender": "gender",
    "Client Type": "client_type",
    "Primary Support Reason": "support_reason",
    "Accommodation Status": "accommodation",
    "Client Funding Status": "funding",
    "Event Type": "event_type",
    "Event Start Date": "start",
    "Event End Date": "end",
    "Event Outcome": "outcome",
    "Service Type": "service_type",
    "Service Component": "component",
    "Delivery Mechanism": "delivery",
}
IDENTIFIERS = ("NHS Number", "LA Person Unique Identifier")
BIRTH, DEATH = "Date of Birth", "Date of Death"
DATES = ("Reporting Period Start Date", "Reporting Period End Date", "Event Start Date", "Event End Date")
REQUIRED = ("LA Code", "Event Type", "Event Start Date")  # a row without one cannot be used

# Defined lists, Release 2 wording, for the fields whose whole list the product holds. Other fields are
# read as sent (with the explicit Release 1 mappings below) and not judged valid or invalid.
DEFINED = {
    "Event Type": ("Request", "Assessment", "Service", "Review"),
    "Client Type": ("Service user", "Unpaid carer"),
    "Service Type": (
        "Long term support: Nursing care",
        "Long term support: Residential care",
        "Long term support: Community",
        "Long term support: Prison",
        "Short term support: ST-Max",
        "Short term support: Ongoing low level",
        "Short term support: Other short term",
        "Carer support: Direct to carer",
        "Carer support: Support involving the person cared-for",
    ),
    "Delivery Mechanism": ("Direct payment", "CASSR managed personal budget", "CASSR commissioned support"),
    # in the order of the outcome hierarchy, best first (`OUTCOME_RANKS`)
    "Event Outcome": (
        "Progress to reablement/ST-Max",
        "Progress to assessment, review or reassessment",
        "Progress to financial assessment",
        "Progress to support planning / services",
        "Continuation of support or services",
        "Provision of service",
        "Admitted to hospital",
        "NFA: Responsibility moved to another local authority",
        "NFA: Referral to NHS services or NHS funded social care",
        "NFA: Self-funded client or under 12wk disregard",
        "NFA: Information and advice or signposting",
        "NFA: Support declined",
        "NFA: Deceased",
        "NFA: Support ended as planned",
        "NFA: Support ended for other reason",
        "NFA: No services offered for other reason",
        "NFA: Other",
    ),
    "Accommodation Status": (
        # settled: living in their own home or with family (2E's numerator)
        "Owner occupier or shared ownership scheme",
        "Tenant: Local authority or other social housing provider",
        "Tenant: Private landlord",
        "Settled mainstream housing with family or friends",
        "Supported accommodation, supported lodgings or supported group home",
        "Shared Lives scheme",
        "Approved premises for offenders released from prison or under probation supervision",
        "Sheltered housing, extra care housing or other sheltered housing",
        "Mobile accommodation for Gypsy, Roma and Traveller communities",
        # not settled
        "Rough sleeper or squatting",
        "Night shelter, emergency hostel or direct access hostel",
        "Refuge",
        "Placed in temporary accommodation by the council (inc. homelessness resettlement)",
        "Staying with family or friends as a short term guest",
        "Acute hospital or long term healthcare residential facility",
        "Registered care home",
        "Registered nursing home",
        "Prison, young offenders institution or detention centre",
        "Other temporary accommodation",
        "Unknown",
    ),
}
SETTLED = DEFINED["Accommodation Status"][:9]
# 2E: a status still unknown, inferred from the person's latest long-term support in the community
PRESUMED_AT_HOME = "Unknown: presumed at home"  # home support: counted as settled
PRESUMED_IN_COMMUNITY = "Unknown: presumed in community"  # other community support: not
LEARNING_DISABILITY = "Learning Disability Support"  # the primary support reason of 2E's second part

# The event outcome hierarchy of DHSC's method (its ranks; 8 was Release 1's "Progress to end of life
# care", which Release 2 does not have). Ranks 1 to 8 say what happens next, not how an episode ended, so
# 2A cannot use them as an episode's outcome ("unable to classify").
OUTCOME_RANKS = dict(zip(DEFINED["Event Outcome"], (1, 2, 4, 5, 6, 7, *range(9, 20)), strict=True))
UNUSABLE_RANK = 8  # outcomes ranked up to this one do not tell how an episode ended

# Release 1's event outcomes in Release 2's words (Release 1's two kinds of assessment are one in Release 2)
RELEASE_1_OUTCOMES = {
    "Progress to Assessment": "Progress to assessment, review or reassessment",
    "Progress to Re-assessment / Unplanned Review": "Progress to assessment, review or reassessment",
    "No change in package": "Continuation of support or services",
    "NFA - Moved to another LA": "NFA: Responsibility moved to another local authority",
    "NFA - 100% NHS funded care": "NFA: Referral to NHS services or NHS funded social care",
    "NFA - Self-funded client (inc. 12wk disregard)": "NFA: Self-funded client or under 12wk disregard",
    "NFA - Information & advice / signposting only": "NFA: Information and advice or signposting",
    "NFA - Support declined": "NFA: Support declined",
    "NFA - Deceased": "NFA: Deceased",
    "Service ended as planned": "NFA: Support ended as planned",
    "NFA - Support ended: other reason": "NFA: Support ended for other reason",
    "NFA - No services offered: other reason": "NFA: No services offered for other reason",
    "NFA- Other": "NFA: Other",
}


def folded(text: str) -> str:
    """A value with case and runs of spaces set aside, for matching."""
    return re.sub(r"\s+", " ", text.strip()).casefold()


# Release 1 wording that differs from Release 2's by more than case and spacing, mapped explicitly.
RELEASE_1 = {
    "Client Type": {"carer": "Unpaid carer"},
    "Event Outcome": {folded(r1): r2 for r1, r2 in RELEASE_1_OUTCOMES.items()},
}
SELF_FUNDED = "NFA: Self-funded client or under 12wk disregard"  # the outcome 2B and 2C leave out
INFORMATION_AND_ADVICE = "NFA: Information and advice or signposting"  # 3D's carers: support of its own

# 2A: what followed an episode of reablement, by whether it counts. Long-term support (or short-term
# residential or nursing care) is in the denominator only; no further support of these kinds in both.
FOLLOWED_BY_LONG_TERM = (
    "Long term support: Nursing care",
    "Long term support: Residential care",
    "Long term support: Community",
    "Long term support: Prison",
    "Short term support: Residential or nursing care",
)
FOLLOWED_BY_NO_LONG_TERM = (
    "Short term support: Ongoing low level",
    "Short term support: Other short term",
    "NFA: Information and advice or signposting",
    "NFA: Support ended as planned",
    "NFA: Responsibility moved to another local authority",
    "NFA: Other",
    "NFA: No services offered for other reason",
    "NFA: Support ended for other reason",
)
LEFT_OUT_OF_2A = {  # out of both sides, by why; anything else not counted is "unable to classify"
    "NFA: Deceased": "died",
    "Admitted to hospital": "admitted to hospital",
    "NFA: Self-funded client or under 12wk disregard": "self-funded",
    "NFA: Support declined": "support declined",
    "NFA: Referral to NHS services or NHS funded social care": "referred to the NHS",
}


_RELEASE_2 = {field: {folded(v): v for v in values} for field, values in DEFINED.items()}


def blank(text: str | None) -> bool:
    return text is None or not text.strip() or text.strip().upper() == "NULL"


def canonical(field: str, text: str) -> tuple[str, str]:
    """(value, reading) for a field read against its list: reading is 'valid', 'release 1' (mapped to
    Release 2), 'invalid' (not in a list the product holds whole; kept as sent) or 'as sent' (a field
    whose whole list the product does not hold)."""
    key = folded(text)
    if key in RELEASE_1.get(field, {}):
        return RELEASE_1[field][key], "release 1"
    if field in _RELEASE_2:
        if key in _RELEASE_2[field]:
            return _RELEASE_2[field][key], "valid"
        return re.sub(r"\s+", " ", text.strip()), "invalid"
    return re.sub(r"\s+", " ", text.strip()), "as sent"
