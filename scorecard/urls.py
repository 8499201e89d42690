from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import api, views, workflow_views

api_patterns = (
    [
        path("scorecards/", api.scorecard_list, name="scorecards"),
        path("scorecards/<slug:slug>/<str:period>/", api.scorecard_detail, name="scorecard"),
    ],
    "api",
)

scorecard_patterns = (
    [
        path("", views.index, name="index"),
        path("scorecards/<slug:slug>/", views.scorecard_latest, name="latest"),
        path("scorecards/<slug:slug>/<str:period>/", views.scorecard_page, name="scorecard"),
        path("scorecards/<slug:slug>/<str:period>/scorecard.<str:fmt>", views.export, name="export"),
        path("scorecards/<slug:slug>/<str:period>/measures/<str:code>/", views.measure_page, name="measure"),
        path(
            "scorecards/<slug:slug>/<str:period>/measures/<str:code>/quartiles/",
            views.quartile_page,
            name="quartiles",
        ),
    ],
    "scorecard",
)

workflow_patterns = (
    [
        path("my-measures/", workflow_views.my_measures, name="my_measures"),
        path("commentary/<str:code>/<str:period>/", workflow_views.commentary, name="commentary"),
        path(
            "commentary/<str:code>/<str:period>/history/", workflow_views.commentary_history, name="commentary_history"
        ),
        path("scorecards/<slug:slug>/<str:period>/publish/", workflow_views.publish, name="publish"),
        path("audit/", workflow_views.audit, name="audit"),
    ],
    "workflow",
)

urlpatterns = [
    path("", include(scorecard_patterns)),
    path("", include(workflow_patterns)),
    path("api/", include(api_patterns)),
    path("imports/", include("imports.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
]
