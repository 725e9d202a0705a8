"""Views of the project itself, outside any app."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Liveness for load balancers and compose healthchecks: the process answers, nothing more.

    It touches neither the database nor the cache, so a slow database does not take every web
    process out of rotation at once.
    """
    return HttpResponse("ok", content_type="text/plain")
