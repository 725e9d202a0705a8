"""Builds the e-mail for one outbox row, in the recipient's language."""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Notification
from .registry import NotificationKind


def site_name() -> str:
    return getattr(settings, "WAGTAIL_SITE_NAME", "RE Gründerhus")


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


@functools.lru_cache(maxsize=8)
def _preferences_url(language: str) -> str:
    # Resolving is slow next to rendering; the answer only depends on the language.
    with translation.override(language):
        return base_url() + reverse("notifications_preferences")


def recipient_language(recipient) -> str:
    language = getattr(recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class GuestRecipient:
    """What templates read of a recipient (``full_name``, ``email``), for a guest's row."""

    full_name: str
    email: str
    preferred_language: str


def notification_message(
    row: Notification, kind: NotificationKind, *, connection=None
) -> EmailMultiAlternatives:
    recipient = row.recipient
    is_guest = recipient is None
    if is_guest:
        recipient = GuestRecipient(row.guest_name, row.guest_email, row.guest_language)
    with translation.override(recipient_language(recipient)):
        context = {
            "notification": row,
            "subject": row.subject,
            "recipient": recipient,
            "site_name": site_name(),
            "base_url": base_url(),
            "language": translation.get_language(),
            "transactional": kind.transactional,
            # Guests have no "My page" to choose their reminders on: no link for them.
            "preferences_url": "" if is_guest else _preferences_url(translation.get_language()),
        }
        if kind.get_context is not None:
            context.update(kind.get_context(row) or {})
        context.update(row.context or {})
        prefix = kind.templates
        subject = " ".join(render_to_string(f"{prefix}/subject.txt", context).split())
        text = render_to_string(f"{prefix}/body.txt", context)
        html = render_to_string(f"{prefix}/body.html", context)
        attachments = list(kind.get_attachments(row) or []) if kind.get_attachments else []
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        connection=connection,
        headers={"X-Grunderhus-Notification": str(row.pk)},
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    for stored in row.attachments or []:
        message.attach(stored["filename"], base64.b64decode(stored["content"]), stored["mimetype"])
    return message
