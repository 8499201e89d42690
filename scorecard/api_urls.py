from django.urls import path

from . import api

app_name = "api"
urlpatterns = [
    path("scorecards/", api.scorecard_list, name="scorecards"),
    path("scorecards/<slug:slug>/<str:period>/", api.scorecard_detail, name="scorecard"),
    path("scorecards/<slug:slug>/<str:period>/measures/<str:code>/series/", api.measure_series, name="series"),
]
