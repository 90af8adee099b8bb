from django.urls import path

from courses import calendar_views, offer_views, transfer_views, views

app_name = "courses"

urlpatterns = [
    path("termine/kalender.ics", views.feed, name="feed"),
    path("termine/<int:pk>/anmelden/", views.enroll, name="enroll"),
    path("termine/<int:pk>/kalender.ics", views.offering_ics, name="offering_ics"),
    path("mein-bereich/fortbildungen/", views.my_trainings, name="my_trainings"),
    path("mein-bereich/fortbildungen/<int:pk>/stornieren/", views.cancel, name="cancel"),
    path("mein-bereich/fortbildungen/<int:pk>/platzangebot/", offer_views.offer, name="offer"),
    path("mein-bereich/fortbildungen/<int:pk>/evaluation/", views.evaluate, name="evaluate"),
    path(
        "mein-bereich/fortbildungen/<int:pk>/transfer/",
        transfer_views.transfer_survey,
        name="transfer_survey",
    ),
    path(
        "mein-bereich/fortbildungen/bescheinigung/<str:code>.pdf",
        views.certificate_download,
        name="certificate_pdf",
    ),
    path(
        "mein-bereich/fortbildungen/fortbildungsnachweis.<str:export_format>",
        views.training_history,
        name="training_history",
    ),
    path("nachweis/<str:code>/", views.verify_certificate, name="verify_certificate"),
    # The personal calendar feed: no login (calendar clients cannot), the token is the key.
    path("kalender/<str:token>.ics", calendar_views.personal_feed, name="calendar_feed"),
    path(
        "mein-bereich/fortbildungen/kalender-abo/",
        calendar_views.manage_feed,
        name="manage_calendar_feed",
    ),
]
