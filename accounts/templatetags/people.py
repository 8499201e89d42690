"""How a person is named on a page."""

from django import template

register = template.Library()


@register.filter
def person(user, nobody: str = "—") -> str:
    """The person's full name, or their user name; `nobody` where there is no person (the command line,
    the system)."""
    if user is None:
        return nobody
    return user.get_full_name() or user.username


@register.filter
def wait_in_words(length) -> str:
    """A lockout's cool-off as a person says it: "an hour", "30 minutes", "2 hours 30 minutes"."""
    if length is None:
        return "a while"
    minutes = max(1, round(length.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append("an hour" if hours == 1 and not minutes else f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
