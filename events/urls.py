from django.urls import path

from . import views

app_name = "events"

# Under the language prefix, before Wagtail's pages: these take precedence over the
# EventIndexPage at "arrangementer/" (its event slugs may not be these words).
urlpatterns = [
    path("arrangementer/kalender.ics", views.public_feed, name="public_feed"),
    path("arrangementer/bekreft/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path(
        "arrangementer/pamelding/<str:token>/",
        views.registration_manage,
        name="registration_manage",
    ),
    path("arrangementer/kalender/<slug:slug>.ics", views.event_ics, name="event_ics"),
    # Members' one-click registration: a plain view, not Wagtail's page routing, so a rush
    # of registrations spends its time on the booking itself.
    path("arrangementer/<slug:slug>/pamelding/", views.member_register, name="member_register"),
]
