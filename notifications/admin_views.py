"""The staff outbox's own action: put a failed notification back in the queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.services import is_house_staff

from . import services
from .models import Notification


@require_POST
def retry(request, pk):
    # Only house staff see who was e-mailed what.
    if not is_house_staff(request.user):
        raise PermissionDenied
    notification = get_object_or_404(Notification, pk=pk)
    try:
        services.notification_retry(notification=notification)
    except ValueError:
        messages.error(request, _("Only failed notifications can be retried."))
    else:
        messages.success(request, _("The notification is queued and goes out within a minute."))
    return redirect(reverse("notifications_notification:inspect", args=[pk]))
