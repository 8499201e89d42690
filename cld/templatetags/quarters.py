from django import template

register = template.Library()


@register.filter
def get_quarter(cells: dict, quarter):
    """The figure of a measure's line for one quarter end, or None."""
    return cells.get(quarter)
