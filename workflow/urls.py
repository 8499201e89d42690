from django.urls import path

from . import target_views, views

app_name = "workflow"
urlpatterns = [
    path("", views.home_page, name="home"),
    path("my-measures/", views.my_measures, name="my_measures"),
    path("approvals/", views.approvals, name="approvals"),
    path("commentary/<str:code>/<str:period>/", views.write_commentary, name="commentary"),
    path("commentary/<str:code>/<str:period>/history/", views.commentary_history, name="commentary_history"),
    path("scorecards/<slug:slug>/<str:period>/publish/", views.publish, name="publish"),
    path("audit/", views.audit, name="audit"),
    path("targets/", target_views.choose_measure, name="targets"),
    path("targets/<str:code>/", target_views.choose_rule, name="target_rule"),
    path("targets/<str:code>/<int:year>/<str:rule>/", target_views.change_target, name="target_change"),
]
