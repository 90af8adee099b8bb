from django.urls import path

from needs_analysis import views

app_name = "needs_analysis"

urlpatterns = [
    path("bedarf-melden/", views.report, name="report"),
    path("bedarf-melden/danke/", views.done, {"kind": "report"}, name="report_done"),
    path("fachberatung/", views.consultation, name="consultation"),
    path("fachberatung/danke/", views.done, {"kind": "consultation"}, name="consultation_done"),
    path(
        "mein-bereich/fachberatung/<int:pk>/",
        views.my_consultation,
        name="my_consultation",
    ),
    path(
        "mein-bereich/fachberatung/<int:pk>/schliessen/",
        views.close_my_consultation,
        name="close_my_consultation",
    ),
    path("bedarf/inhouse/<int:module_pk>/", views.in_house, name="in_house"),
    path("bedarf/interesse/<int:module_pk>/", views.interest, name="interest"),
    path(
        "bedarf/interessen/<int:pk>/zurueckziehen/",
        views.withdraw_interest,
        name="withdraw_interest",
    ),
]
