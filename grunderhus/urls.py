from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from community import views as community_views
from grunderhus.views import healthz, readyz
from grunderhus.views import server_error as project_server_error
from home import views as home_views
from home.sitemaps import PageSitemap

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("", include("home.urls_root")),
]

urlpatterns += i18n_patterns(
    # Before allauth's own route of the same name: answers stale keys on POST with a message.
    re_path(
        r"^accounts/confirm-email/(?P<key>[-:\w]+)/$",
        community_views.ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
    path("accounts/", include("allauth.urls")),
    path("min-side/", include("community.urls")),
    path("", include("community.urls_public")),
    path("", include("notifications.urls")),
    path("", include("events.urls")),
    path("", include("mentoring.urls")),
    path("", include("home.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = home_views.bad_request
handler404 = home_views.page_not_found
# A database error is a 503 (grunderhus.views.server_error); anything else the house's 500.
handler500 = project_server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
