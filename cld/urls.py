from django.urls import path

from . import views

app_name = "cld"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("population/", views.upload_population, name="population"),
    path("postcodes/", views.upload_lookup, name="postcodes"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("people/<str:quarter_end>/<str:code>/<str:group>/", views.people, name="people"),
    path("areas/<str:quarter_end>/<str:code>/<str:group>/", views.areas, name="areas"),
]
