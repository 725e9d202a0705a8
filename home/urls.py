from django.urls import path, re_path
from wagtail.urls import serve_pattern

from . import views

urlpatterns = [
    path("sok/", views.search, name="search"),
    path("nyheter/feed/", views.NewsFeed(), name="news_feed"),
    # Last, and ahead of Wagtail's own page serving with the same pattern: the cached copy of
    # a public page skips routing through the page tree. The password form of a
    # password-protected page is left to wagtail.urls; Wagtail's own front-end login is not
    # (it checks only the password, without allauth's rate limits and TOTP step), so it stays
    # a 404 here and restricted pages send visitors to allauth's login instead.
    re_path(
        r"^(?!_util/authenticate_with_password/)" + serve_pattern.removeprefix("^"),
        views.public_page,
        name="public_page",
    ),
]
