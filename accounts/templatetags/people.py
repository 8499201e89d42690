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
