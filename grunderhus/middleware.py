from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 from a view outside the language prefix stays a 404.

    Django answers a 404 on an unprefixed path by redirecting to the same path under /nb/ when
    that path would resolve, and the public pages' catch-all pattern resolves nearly any path.
    So a missing object in the admin (/admin/plasser/soknad/999/) or a missing document became
    a redirect to a public 404 page. A path that no pattern matched (/nyheter/, an old link
    without a language) is still sent on to its language's version.
    """

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and getattr(request, "resolver_match", None) is not None
            and not translation.get_language_from_path(request.path_info)
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
