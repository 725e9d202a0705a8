from django.urls import path

from . import views

urlpatterns = [
    path("sok/", views.search, name="search"),
    path("nyheter/feed/", views.NewsFeed(), name="news_feed"),
]
