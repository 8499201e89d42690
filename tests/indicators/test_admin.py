"""The catalogue in Django's admin: who may edit what; figures are never edited in place."""

import pytest

from indicators.models import DataPoint, Measure


@pytest.mark.parametrize(
    "url, text",
    [
        ("/admin/indicators/measure/", "3D part 2a"),
        ("/admin/indicators/measure/?q=shared+lives", "CS09"),
        ("/admin/indicators/measure/?scorecard=cabinet-scorecard&polarity=lower", "CS04"),
        ("/admin/indicators/scorecard/", "Monthly Adult Social Care dashboard"),
        ("/admin/indicators/revision/", "extract-2020-09.csv"),
        ("/admin/indicators/datapoint/?q=CS09", "CS09"),
        ("/admin/indicators/commentary/", "CS15"),
        ("/admin/indicators/target/", "CS07"),
        ("/admin/indicators/statusoverride/", "CS10"),
    ],
)
def test_officer_works_in_the_catalogue_admin(demo, signed_in, url, text):
    response = signed_in.get(url)
    assert response.status_code == 200 and text in response.content.decode()


def test_measure_admin_edits_targets_and_benchmarks_inline(demo, signed_in):
    measure = Measure.objects.get(code="CS04")
    page = signed_in.get(f"/admin/indicators/measure/{measure.pk}/change/").content.decode()
    assert "targets-TOTAL_FORMS" in page and "benchmarks-TOTAL_FORMS" in page
    assert "1417.4" in page  # the worst quartile cut point, editable in place


def test_figures_cannot_be_edited_in_the_admin(demo, signed_in):
    point = DataPoint.objects.first()
    assert signed_in.get(f"/admin/indicators/datapoint/{point.pk}/delete/").status_code == 403
    assert signed_in.get("/admin/indicators/revision/add/").status_code == 403


def test_manager_and_councillor_have_no_admin(demo, client):
    from django.contrib.auth.models import Group

    from ..factories import UserFactory

    for role in ("Manager", "Councillor"):
        user = UserFactory(username=role.lower())
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        response = client.get("/admin/indicators/measure/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_targets_read_as_they_were_set_and_only_staff_can_own_a_measure(people, signed_in):
    """A target of 560 is shown as 560, not 560.00000000; the owner and responsible officer are chosen
    from the people who sign in as managers or officers, by name, never a councillor."""
    import re

    from indicators.models import Target

    target = Target.objects.filter(measure__code="CS04").first()
    page = signed_in.get(f"/admin/indicators/target/{target.pk}/change/").content.decode()
    shown = re.search(r'name="target" value="([^"]*)"', page).group(1)
    assert shown == format(target.target.normalize(), "f") and not shown.endswith("0000")
    measure = Measure.objects.get(code="CS04")
    page = signed_in.get(f"/admin/indicators/measure/{measure.pk}/change/").content.decode()
    owners = page.split('name="owner_user"')[1].split("</select>")[0]
    assert ">Mo Manager (manager-t)</option>" in owners and "officer-t" in owners
    assert "councillor-t" not in owners
    inline = re.search(r'<input[^>]*name="targets-0-target"[^>]*>', page).group(0)
    assert 'value="560"' in inline  # the inline target as set, on the measure's own page too
