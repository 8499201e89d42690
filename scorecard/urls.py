from django.urls import path

from . import views

app_name = "scorecard"
urlpatterns = [
    path("measures/", views.measures, name="measures"),
    path("scorecards/<slug:slug>/", views.scorecard_latest, name="latest"),
    path("scorecards/<slug:slug>/<str:period>/", views.scorecard_page, name="scorecard"),
    path("scorecards/<slug:slug>/<str:period>/scorecard.<str:fmt>", views.export, name="export"),
    path("scorecards/<slug:slug>/<str:period>/measures/<str:code>/", views.measure_page, name="measure"),
    path(
        "scorecards/<slug:slug>/<str:period>/measures/<str:code>/recalculate/",
        views.spc_recalculate,
        name="spc_recalculate",
    ),
    path(
        "scorecards/<slug:slug>/<str:period>/measures/<str:code>/figures.csv",
        views.chart_figures,
        name="chart_figures",
    ),
    path("scorecards/<slug:slug>/<str:period>/signals/", views.signals_page, name="signals"),
    path(
        "scorecards/<slug:slug>/<str:period>/measures/<str:code>/quartiles/",
        views.quartile_page,
        name="quartiles",
    ),
]
