"""Who may do what, decided in one place: the reading pages, the working month's pages and services,
the uploads and the API all ask these functions, on the server, for every request.

Roles are Django groups holding permissions (`roles.py`); a few rules also depend on the measure: a
manager writes the commentary of the measures they own or answer for, and the responsible officer
may approve it.
"""

from __future__ import annotations


def sees_drafts(user) -> bool:
    """Staff (officers, managers, administrators) see unpublished figures and commentary; councillors
    and the public see what is published. Read from the permissions cached for the request."""
    return user.is_authenticated and user.has_perm("indicators.view_unpublished")


def can_write(user, measure) -> bool:
    """Performance officers write any commentary; a manager writes for the measures they own or are
    the responsible officer for. `measure` needs `owner_user_id` and `responsible_user_id`."""
    if not user.is_authenticated:
        return False
    if user.has_perm("indicators.change_commentary"):
        return True
    mine = user.pk in (measure.owner_user_id, measure.responsible_user_id)
    return mine and user.has_perm("indicators.write_own_commentary")


def can_approve(user, measure) -> bool:
    """A performance officer, or the measure's responsible officer."""
    if not user.is_authenticated:
        return False
    if user.has_perm("indicators.approve_commentary"):
        return True
    return user.pk == measure.responsible_user_id and user.has_perm("indicators.write_own_commentary")


def writes_commentary(user) -> bool:
    """Has a My measures page: measure owners, responsible officers and performance officers."""
    return user.is_authenticated and (
        user.has_perm("indicators.write_own_commentary") or user.has_perm("indicators.change_commentary")
    )


def can_publish(user) -> bool:
    return user.is_authenticated and user.has_perm("indicators.publish_period")


def can_upload(user) -> bool:
    return user.is_authenticated and user.has_perm("imports.add_upload")


def sees_small_counts(user) -> bool:
    """A figure by area counting 1 to 5 people is shown whole to performance officers (and
    administrators), who check the figures; managers, councillors and the public read "Fewer than 6"."""
    return user.is_authenticated and user.has_perm("imports.add_upload")


def reads_audit_log(user) -> bool:
    return user.is_authenticated and user.has_perm("indicators.view_auditevent")
