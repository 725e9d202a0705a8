"""What notifications contribute to Min side."""

from . import selectors
from .registry import optional_kinds


def dashboard_panel(request):
    if not request.user.is_authenticated:
        return None
    enabled = selectors.reminder_kinds_enabled_for(user=request.user)
    kinds = optional_kinds()
    feed = selectors.calendar_feed_for(user=request.user)
    from .views import feed_url

    return "notifications/includes/dashboard_panel.html", {
        "reminders_on": [k.label for k in kinds if k.key in enabled],
        "reminders_off": [k.label for k in kinds if k.key not in enabled],
        "feed_url": feed_url(request, feed) if feed else "",
    }


def staff_work_items(request):
    """The staff start page's outbox item: failed messages, linked to the filtered outbox."""
    from django.urls import reverse
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    from community.staff_work import WorkItem

    from .models import Notification

    return [
        WorkItem(
            label=_("Failed messages in the outbox"),
            count=selectors.notifications_failed_count(),
            url=reverse("notifications_notification:index")
            + "?"
            + urlencode({"state": Notification.State.FAILED}),
        )
    ]
