"""Language-neutral URLs: the bare root sends a visitor to their language's home page."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.root_redirect, name="root"),
]
