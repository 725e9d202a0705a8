from django.urls import path, re_path
from wagtail.urls import serve_pattern

from . import views

urlpatterns = [
    path("sok/", views.search, name="search"),
    path("nyheter/feed/", views.NewsFeed(), name="news_feed"),
    # Last, and ahead of Wagtail's own page serving with the same pattern: the cached copy of
    # a public page skips routing through the page tree. Wagtail's "_util/" views (the login
    # and password forms of view-restricted pages) are left to wagtail.urls.
    re_path(
        r"^(?!_util/)" + serve_pattern.removeprefix("^"), views.public_page, name="public_page"
    ),
]
