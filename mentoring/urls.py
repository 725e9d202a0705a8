from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("mentor/", views.overview, name="overview"),
    path("mentor/mentorer/", views.mentor_list, name="mentor_list"),
    path("mentor/be-om-mentor/", views.request_create, name="request_create"),
    path("mentor/profil/", views.profile_edit, name="profile"),
    path("mentor/tilgjengelighet/", views.availability, name="availability"),
    path("mentor/tilbakemeldinger/", views.mentor_feedback, name="mentor_feedback"),
    path("mentor/match/<int:pk>/svar/", views.match_answer, name="match_answer"),
    path("mentor/match/<int:pk>/bestill/", views.book, name="book"),
    path("mentor/okter/", views.sessions, name="sessions"),
    path("mentor/okter/<int:pk>/avlys/", views.session_cancel, name="session_cancel"),
    path("mentor/okter/<int:pk>/flytt/", views.session_move, name="session_move"),
    path("mentor/okter/<int:pk>/tilbakemelding/", views.feedback, name="feedback"),
]
