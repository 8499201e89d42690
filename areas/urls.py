from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("areas/<slug:area_type>/<str:code>/", views.area_profile, name="profile"),
    path("scorecards/<slug:slug>/<str:period>/measures/<str:code>/areas/", views.breakdown_page, name="breakdown"),
    path(
        "scorecards/<slug:slug>/<str:period>/measures/<str:code>/areas.csv", views.breakdown_csv, name="breakdown_csv"
    ),
]
