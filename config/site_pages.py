"""The pages every public-sector service must have, open to everyone: the accessibility statement, the
privacy notice and help. Their words name the council and contact the deployment sets (SITE_OWNER,
SITE_CONTACT_EMAIL)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path

# Words for a deployment that has not named its council yet (docs/deployment.md says to set SITE_OWNER).
UNNAMED_OWNER = "the council whose scorecards it publishes"


def _page(template: str):
    @login_not_required
    def view(request):
        return render(
            request,
            template,
            {"site_owner": settings.SITE_OWNER or UNNAMED_OWNER, "contact": settings.SITE_CONTACT_EMAIL},
        )

    return view


urlpatterns = [
    path("accessibility/", _page("site/accessibility.html"), name="accessibility"),
    path("privacy/", _page("site/privacy.html"), name="privacy"),
    path("help/", _page("site/help.html"), name="help"),
]
