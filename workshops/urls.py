from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("werkstattgespraeche/<int:pk>/anmelden/", views.register, name="register"),
    path("werkstattgespraeche/<int:pk>/abmelden/", views.cancel, name="cancel"),
]
