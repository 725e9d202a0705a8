from django.urls import path

from . import views

urlpatterns = [
    path("min-side/varsler/", views.preferences, name="notifications_preferences"),
    path(
        "min-side/varsler/kalenderadresse/",
        views.feed_rotate,
        name="notifications_feed_rotate",
    ),
    path("kalender/<str:token>.ics", views.feed, name="notifications_feed"),
]
