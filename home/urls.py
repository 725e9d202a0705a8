from django.urls import path

from . import views

urlpatterns = [
    # Ahead of Wagtail's own page serving, so the cached front page skips page routing.
    path("", views.home_page, name="home"),
    path("sok/", views.search, name="search"),
    path("nyheter/feed/", views.NewsFeed(), name="news_feed"),
]
