import logging
import re

from django.core.exceptions import BadRequest, ObjectDoesNotExist, ValidationError
from django.core.handlers.exception import response_for_exception
from django.db import DataError
from django.http import Http404
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


# C0 control characters and DEL. No address of ours holds one, and PostgreSQL refuses NUL in
# any text, so a view that looked one up would fail instead of answering "not found".
_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
# In a query string, tabs and line breaks may come from a text area in a form sent with GET.
_CONTROL_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RefuseControlCharactersMiddleware:
    """Answer 400, in the visitor's language, to a path or a query-string key or value that
    holds a control character, before any view or other middleware reads it.

    It sits right after LocaleMiddleware, so the error page speaks the language of the path.
    Form bodies are left to the forms: Django's CharField refuses NUL with a message on the
    field, which keeps what the person typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _CONTROL_IN_PATH.search(request.path) or any(
            _CONTROL_IN_QUERY.search(key) or any(_CONTROL_IN_QUERY.search(v) for v in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("Control character in the path or query string")
        return self.get_response(request)


# The project's own packages. Their views parse input with forms, so an exception raised in
# their code is a bug to fix: it stays a 500, for the error report and the never-500 test.
PROJECT_PACKAGES = ("community", "events", "grunderhus", "home", "mentoring", "notifications")
# What third-party views raise when a request holds what none of their pages send: a key missing
# from a form set, an id that is no number, a number or date past what SQLite or Python holds,
# JSON that is no JSON, a value a model field refuses outside a form, one the database refuses
# (too long, out of range).
MALFORMED_INPUT = (KeyError, ValueError, OverflowError, ValidationError, DataError)
# A signed 64-bit integer: the widest id column, and SQLite's limit.
_ID_RANGE = range(-(2**63), 2**63)

logger = logging.getLogger("grunderhus.bad_input")


class BadInputMiddleware:
    """Answer forged input with 404 or 400 instead of an error page.

    - A path id too large for any id column is an object that does not exist (404), for every
      view, before it asks the database (SQLite's driver refuses such a number outright).
    - A ``next`` that Django would read as a view's name (no "/" and no ".") is dropped: the
      views that redirect to it after they have saved would fail after the work is done.
    - When Wagtail's or allauth's own code, with no code of ours involved, trips over input
      that none of their pages send, the answer is 400 (404 for an object that does not
      exist). What trips it: the exceptions in ``MALFORMED_INPUT``, or anything a form widget
      raises while it reads the submitted data. The traceback is logged as a warning, so the
      upstream bug stays visible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        values = [*view_args, *view_kwargs.values()]
        if any(isinstance(v, int) and v not in _ID_RANGE for v in values):
            raise Http404("Id out of range")
        request.GET = _without_bad_next(request.GET)
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            request.POST = _without_bad_next(request.POST)
        return None

    def process_exception(self, request, exception):
        frames = _frames(exception)
        if any(_module(f).split(".")[0] in PROJECT_PACKAGES for f in frames):
            return None
        if isinstance(exception, ObjectDoesNotExist):
            answer = Http404(str(exception))
        elif isinstance(exception, MALFORMED_INPUT) or any(
            f.f_code.co_name == "value_from_datadict" for f in frames
        ):
            answer = BadRequest(str(exception))
        else:
            return None
        logger.warning(
            "Answered %s to input that %s could not use: %s",
            "404" if isinstance(answer, Http404) else "400",
            _module(frames[-1]) if frames else "a view",
            request.path,
            exc_info=exception,
        )
        return response_for_exception(request, answer)


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _without_bad_next(data):
    values = data.getlist("next")
    kept = [v for v in values if "/" in v or "." in v]
    if kept == values:
        return data
    data = data.copy()
    if kept:
        data.setlist("next", kept)
    else:
        del data["next"]
    return data


def _frames(exception):
    frames, tb = [], exception.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    return frames


def _module(frame):
    return frame.f_globals.get("__name__", "")
