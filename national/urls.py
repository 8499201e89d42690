from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.index, name="index"),
    path("council/<str:council>/", views.profile, name="profile"),
    path("<str:code>/<str:year>/", views.measure_year, name="measure_year"),
    path("<str:code>/<str:year>/map/", views.council_map_page, name="map"),
]
