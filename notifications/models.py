"""The notification outbox: one row per e-mail the house will send, sent at most once."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An e-mail about ``subject`` to ``recipient``, due at ``due_at``.

    The recipient is an account, or a guest without one (``recipient`` empty; the address,
    name and language are kept on the row). The unique key (kind, subject, recipient or
    guest address, offset) makes planning idempotent. A dispatcher
    claims due rows by stamping ``claimed_at`` and a fresh ``claim_token``; the send task only
    acts on a row that still carries its token, and marks it sent in the same row-locked
    transaction, so a second delivery of the task is a no-op. A claim older than the lease is
    taken over by a later dispatcher run, so a worker that dies loses nothing.
    """

    # Outbox rows are plumbing, never content an editor follows: keep them out of Wagtail's
    # reference index, which would otherwise index every row inside the booking transaction.
    wagtail_reference_index_ignore = True

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=100)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("subject type")
    )
    object_id = models.CharField(_("subject id"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
    )
    # A guest (no account): where and how to write to them. Empty for account holders, whose
    # current address and language are read when the mail is sent.
    guest_email = models.EmailField(_("guest e-mail address"), blank=True, default="")
    guest_name = models.CharField(_("guest name"), max_length=200, blank=True, default="")
    guest_language = models.CharField(_("guest language"), max_length=8, blank=True, default="")
    offset = models.CharField(_("offset"), max_length=64, blank=True, default="")
    due_at = models.DateTimeField(_("due at"))
    # When the dispatcher may next pick the row: due_at, pushed back after a failed attempt.
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, default="")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=200, blank=True, default="")
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "offset"],
                name="notification_unique_key",
            ),
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "guest_email", "offset"],
                condition=Q(recipient__isnull=True),
                name="notification_unique_guest_key",
            ),
            models.CheckConstraint(
                condition=(Q(recipient__isnull=False) & Q(guest_email=""))
                | (Q(recipient__isnull=True) & ~Q(guest_email="")),
                name="notification_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "failed", "cancelled"]),
                name="notification_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="notification_sent_has_sent_at",
            ),
        ]
        indexes = [
            # The dispatcher's query: pending rows by next attempt time.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due_idx",
                condition=Q(state="pending"),
            ),
            models.Index(fields=["content_type", "object_id"], name="notification_subject_idx"),
            models.Index(fields=["state", "kind"], name="notification_state_kind_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_email} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def recipient_email(self) -> str:
        return self.recipient.email if self.recipient_id else self.guest_email

    # Shown by the staff inspect view: Oslo time with the zone.
    def _oslo(self, value):
        from .templatetags.notification_tags import oslo_format

        return oslo_format(value) if value else ""

    def get_due_at_display(self):
        return self._oslo(self.due_at)

    def get_next_attempt_at_display(self):
        return self._oslo(self.next_attempt_at)

    def get_claimed_at_display(self):
        return self._oslo(self.claimed_at)

    def get_sent_at_display(self):
        return self._oslo(self.sent_at)

    def get_cancelled_at_display(self):
        return self._oslo(self.cancelled_at)

    def get_created_at_display(self):
        return self._oslo(self.created_at)


class ReminderOptOut(models.Model):
    """A reminder kind one user has switched off on Min side (transactional kinds ignore it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_opt_outs",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="reminder_opt_out_unique"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of one user's personal calendar feed; a new token revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("rotated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user_id}"
