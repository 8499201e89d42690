from django.urls import path

from . import views

app_name = "national"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/<str:year>/", views.measure_year, name="measure_year"),
]
