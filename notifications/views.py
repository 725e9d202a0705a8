from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .calendar import feed_items_for, ics_feed
from .email import site_name
from .forms import ReminderPreferencesForm


def feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("notifications_feed", args=[feed.token]))


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    enabled = selectors.reminder_kinds_enabled_for(user=request.user)
    # An empty POST (every box unticked) is still a submission.
    data = request.POST if request.method == "POST" else None
    form = ReminderPreferencesForm(data, user=request.user, initial={"kinds": sorted(enabled)})
    if request.method == "POST" and form.is_valid():
        services.reminder_preferences_set(
            user=request.user, enabled_kinds=set(form.cleaned_data["kinds"])
        )
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("notifications_preferences")
    feed = selectors.calendar_feed_for(user=request.user)
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "feed_url": feed_url(request, feed) if feed else ""},
    )


@login_required
@require_POST
def feed_rotate(request):
    had_feed = selectors.calendar_feed_for(user=request.user) is not None
    services.calendar_feed_rotate(user=request.user)
    if had_feed:
        messages.success(
            request,
            _("Your calendar has a new address. The old address no longer works."),
        )
    else:
        messages.success(request, _("Your personal calendar address is ready."))
    return redirect(reverse("notifications_preferences") + "#calendar-heading")


@require_GET
def feed(request, token):
    feed = selectors.calendar_feed_by_token(token=token)
    if feed is None or not feed.user.is_active:
        raise Http404
    body = ics_feed(items=feed_items_for(feed.user), name=site_name())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="grunderhus.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
