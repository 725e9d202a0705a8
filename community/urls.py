from django.urls import path

from . import seats_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("plass/<int:pk>/", seats_views.seat_application_detail, name="seat_application_detail"),
    path(
        "plass/<int:pk>/trekk/",
        seats_views.seat_application_withdraw,
        name="seat_application_withdraw",
    ),
    path("plass/tilbud/<int:pk>/", seats_views.seat_offer_respond, name="seat_offer_respond"),
]
