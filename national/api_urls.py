from django.urls import path

from . import api

app_name = "national_api"
urlpatterns = [
    path("", api.national_list, name="list"),
    path("<str:code>/<str:year>/", api.measure_year, name="measure_year"),
]
