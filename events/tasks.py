"""Background work for events: thin wrappers that load fresh rows and call a service."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import notify, services
from .models import Registration


@shared_task
def guests_expire():
    """Beat: remove guest registrations never confirmed by e-mail."""
    return services.guests_expire()


@shared_task(acks_late=True)
def guest_mail_send(registration_id, kind, context, cancelled=False):
    """Mail a guest (no account, so not through the notifications outbox)."""
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return False
    prefix = f"events/email/{kind.split('.', 1)[1]}"
    with translation.override(registration.language):
        ctx = {
            "subject": registration,
            "recipient": None,
            "registration": registration,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "base_url": notify.base_url(),
            **context,
        }
        subject = " ".join(render_to_string(f"{prefix}/subject.txt", ctx).split())
        body = render_to_string(f"{prefix}/body.txt", ctx)
        html = render_to_string(f"{prefix}/body.html", ctx)
        message = EmailMultiAlternatives(subject, body, to=[registration.email])
        message.attach_alternative(html, "text/html")
        if kind != notify.KIND_GUEST_CONFIRM:
            name = "cancellation.ics" if cancelled else "invitation.ics"
            message.attach(
                name, notify.registration_ics(registration, cancelled=cancelled), "text/calendar"
            )
    message.send()
    return True
