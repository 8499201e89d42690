from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload_page, name="upload"),
    path("all/", views.all_uploads, name="all"),
    path("one-figure/", views.one_figure, name="one_figure"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/file/", views.original, name="original"),
    path("<int:pk>/errors.csv", views.error_report, name="errors"),
    path("template/<str:layout>.<str:fmt>", views.template, name="template"),
]
