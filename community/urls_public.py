"""Public seat pages under the language prefix: apply for a seat, the startup directory."""

from django.urls import path

from . import seats_views

urlpatterns = [
    path("plass/", seats_views.seat_apply, name="seat_apply"),
    path("oppstartsbedrifter/", seats_views.startup_directory, name="startup_directory"),
]
