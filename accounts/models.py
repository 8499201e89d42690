"""People's records are Django's own users; their changes (names, roles, staff and active flags) are kept
field by field with django-simple-history, and written to the audit log by `indicators.audit_trail`."""

from django.contrib.auth import get_user_model
from simple_history import register

register(
    get_user_model(),
    app="accounts",
    m2m_fields=["groups"],
    excluded_fields=["password", "last_login"],  # secrets and sign-ins are not catalogue history
)
