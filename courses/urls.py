from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("termine/kalender.ics", views.feed, name="feed"),
    path("termine/<int:pk>/anmelden/", views.enroll, name="enroll"),
    path("termine/<int:pk>/kalender.ics", views.offering_ics, name="offering_ics"),
    path("mein-bereich/fortbildungen/", views.my_trainings, name="my_trainings"),
    path("mein-bereich/fortbildungen/<int:pk>/stornieren/", views.cancel, name="cancel"),
]
