"""Writes to the notification outbox.

Other apps call ``notification_schedule``, ``notifications_cancel_for``,
``notification_send_now`` and, when they erase personal data, ``notifications_delete_for``;
a recipient is an account or a ``Guest``.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from grunderhus.outages import Breaker, report_outage, report_recovery

from .models import CalendarFeed, Notification, ReminderOptOut
from .registry import get_kind

logger = logging.getLogger(__name__)

State = Notification.State

# Claimed rows carry a lease: a claim older than this is taken over by a later dispatcher run
# (the worker that held it has died). Longer than any batch can take to send.
LEASE = timedelta(seconds=getattr(settings, "NOTIFICATIONS_LEASE_SECONDS", 300))
BATCH_SIZE = getattr(settings, "NOTIFICATIONS_BATCH_SIZE", 50)
# Backoff after an SMTP error: 1, 2, 4 ... 32 minutes, then hourly, kept in the row, not the
# broker. Twelve attempts ride out a mail server that is away for six hours; after that the row
# is parked as failed, with the error, for staff to retry.
MAX_ATTEMPTS = getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 12)
BACKOFF_BASE = timedelta(seconds=getattr(settings, "NOTIFICATIONS_BACKOFF_SECONDS", 60))
BACKOFF_MAX = timedelta(seconds=getattr(settings, "NOTIFICATIONS_BACKOFF_MAX_SECONDS", 3600))
# After a publish failed, the broker is left alone this long: claims are handed straight back
# to the dispatcher, and no request pays for a second try.
BROKER_RETRY_SECONDS = 5.0
# The cancel reason of a row whose moment passed before it could be sent (kind.expires_at).
TOO_LATE = "too late"

# Tests switch this off to show the concurrency tests fail without the row locks.
USE_ROW_LOCKS = True


@dataclass(frozen=True)
class Guest:
    """A recipient without an account (a guest at an event): mails go to ``email``, greet
    ``name`` and are written in ``language``. Pass one wherever a ``recipient`` is asked for."""

    email: str
    name: str = ""
    language: str = ""


def _recipient_key(recipient) -> dict:
    """The recipient's part of a row's unique key."""
    if isinstance(recipient, Guest):
        if not recipient.email.strip():
            raise ValueError("a guest needs an e-mail address")
        return {"recipient": None, "guest_email": recipient.email.strip()}
    return {"recipient": recipient}


def _guest_details(recipient) -> dict:
    if isinstance(recipient, Guest):
        return {"guest_name": recipient.name.strip(), "guest_language": recipient.language}
    return {}


def _subject_key(subject: models.Model) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(subject, for_concrete_model=False), str(subject.pk)


def _new_token() -> str:
    return uuid.uuid4().hex


def notification_schedule(
    *,
    kind: str,
    subject: models.Model,
    recipient,
    due_at: datetime,
    offset: str = "",
) -> Notification:
    """Plan one e-mail; idempotent on (kind, subject, recipient, offset), re-plans unsent rows."""
    get_kind(kind)  # an unknown kind is a programming error: fail where it is planned
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be timezone-aware")
    content_type, object_id = _subject_key(subject)
    key = {
        "kind": kind,
        "content_type": content_type,
        "object_id": object_id,
        "offset": offset,
        **_recipient_key(recipient),
    }
    details = _guest_details(recipient)
    # Most plans are new: insert first (one statement in a savepoint) and only on a clash
    # with the unique key fall back to locking and re-planning the row that is there.
    try:
        with transaction.atomic():
            return Notification.objects.create(
                **key, **details, due_at=due_at, next_attempt_at=due_at
            )
    except IntegrityError as exc:
        clash = exc
    with transaction.atomic():
        row = Notification.objects.select_for_update().filter(**key).first()
        if row is None:  # not the unique key that failed (e.g. the recipient is gone)
            raise clash
        if row.state == State.SENT:
            return row
        # Pending, failed or cancelled: plan it (again) for the new time. Clearing the claim
        # makes an already-queued send task for the old plan skip this row.
        row.due_at = due_at
        row.next_attempt_at = due_at
        row.state = State.PENDING
        row.attempts = 0
        row.last_error = ""
        row.claimed_at = None
        row.claim_token = ""
        row.cancelled_at = None
        row.cancel_reason = ""
        for field, value in details.items():
            setattr(row, field, value)
        row.save()
    return row


def notifications_cancel_for(
    subject: models.Model, *, kind: str | None = None, recipient=None
) -> int:
    """Cancel the unsent rows about ``subject`` (optionally one kind or recipient); count them."""
    content_type, object_id = _subject_key(subject)
    rows = Notification.objects.filter(
        content_type=content_type,
        object_id=object_id,
        state__in=[State.PENDING, State.FAILED],
    )
    if kind is not None:
        rows = rows.filter(kind=kind)
    if recipient is not None:
        rows = rows.filter(**_recipient_key(recipient))
    return rows.update(
        state=State.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason="cancelled by the platform",
        claimed_at=None,
        claim_token="",
        updated_at=timezone.now(),
    )


def notifications_delete_for(subjects: models.QuerySet) -> int:
    """Delete every outbox row, sent or not, about the objects in ``subjects``: for when
    their personal data is erased (a row keeps a guest's address and name). Counts rows."""
    content_type = ContentType.objects.get_for_model(subjects.model, for_concrete_model=False)
    object_ids = [str(pk) for pk in subjects.values_list("pk", flat=True)]
    deleted, _detail = Notification.objects.filter(
        content_type=content_type, object_id__in=object_ids
    ).delete()
    return deleted


def _encode_attachments(attachments) -> list[dict]:
    encoded = []
    for filename, content, mimetype in attachments or ():
        if isinstance(content, str):
            content = content.encode()
        encoded.append(
            {
                "filename": filename,
                "content": base64.b64encode(content).decode("ascii"),
                "mimetype": mimetype,
            }
        )
    return encoded


def notification_send_now(
    *,
    kind: str,
    subject: models.Model,
    recipient,
    context: dict | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
    offset: str | None = None,
) -> Notification:
    """Queue a transactional e-mail: a row due now, handed to a worker when the caller commits.

    Each call is its own row unless ``offset`` is given, which makes the call idempotent.
    """
    get_kind(kind)
    content_type, object_id = _subject_key(subject)
    now = timezone.now()
    token = _new_token()
    fields = {
        "due_at": now,
        "next_attempt_at": now,
        "context": context or {},
        "attachments": _encode_attachments(attachments),
        # Claimed at birth, so the beat dispatcher leaves it to the task queued below. If the
        # broker refuses that task the claim is released and the dispatcher's next run sends
        # the row; if the message is lost later (Redis restarted empty) the lease runs out.
        "claimed_at": now,
        "claim_token": token,
        **_guest_details(recipient),
    }
    key = {
        "kind": kind,
        "content_type": content_type,
        "object_id": object_id,
        **_recipient_key(recipient),
    }
    if offset is None:
        # A fresh random offset cannot clash: a plain insert, no savepoint or lookup.
        row = Notification.objects.create(**key, offset=f"now-{uuid.uuid4().hex}", **fields)
        created = True
    else:
        with transaction.atomic():
            row, created = Notification.objects.get_or_create(**key, offset=offset, defaults=fields)
    if created:
        transaction.on_commit(lambda: notifications_queue_claimed(ids=[row.pk], token=token))
    return row


# --- Dispatch -------------------------------------------------------------------------------


def notifications_claim_due(
    *, now: datetime | None = None, limit: int = BATCH_SIZE
) -> tuple[list[int], str]:
    """Claim up to ``limit`` due rows for one send task, skipping rows another dispatcher holds."""
    now = now or timezone.now()
    token = _new_token()
    with transaction.atomic():
        due = Notification.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE),
            state=State.PENDING,
            next_attempt_at__lte=now,
        ).order_by("next_attempt_at", "id")
        if USE_ROW_LOCKS:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if ids:
            Notification.objects.filter(id__in=ids).update(
                claimed_at=now, claim_token=token, updated_at=now
            )
    return ids, token


_broker = Breaker(BROKER_RETRY_SECONDS)


def notifications_queue_claimed(*, ids: list[int], token: str) -> bool:
    """Hand a claimed batch to a worker; when the broker is away, give the claim back to the
    dispatcher, which sends the rows once it is back. True when queued.

    Never raises for a broker outage: it runs after the caller's commit, and the rows are safe
    in the database whatever the broker does.
    """
    from .tasks import notifications_send_batch

    if _broker.allows():
        try:
            notifications_send_batch.delay(ids, token)
        except (BrokerError, RedisError, OSError) as exc:
            _broker.trip()
            report_outage(
                logger, "broker", "Broker unavailable (%s); the dispatcher sends later", exc
            )
        else:
            if _broker.close():
                report_recovery(logger, "broker", "Broker reachable again")
            return True
    notifications_release_claim(ids=ids, token=token)
    return False


def notifications_release_claim(*, ids: list[int], token: str) -> int:
    """Give the unsent rows of a claim back to the dispatcher now rather than when the lease
    ends; counts them."""
    return Notification.objects.filter(pk__in=ids, state=State.PENDING, claim_token=token).update(
        claimed_at=None, claim_token="", updated_at=timezone.now()
    )


def _too_late(row: Notification, kind) -> str:
    """The reason when the moment the row is about has passed, or ''."""
    moment = kind.expires_at(row) if kind.expires_at is not None else None
    if moment is None or timezone.now() < moment:
        return ""
    return f"{TOO_LATE}: what it is about began {timezone.localtime(moment):%Y-%m-%d %H:%M %Z}"


def _still_wanted(row: Notification, kind, opted_out: set[tuple[int, str]]) -> str:
    """Why the row must not be sent, or '' when it should go."""
    recipient = row.recipient  # None for a guest: the row carries the address it requires
    if recipient is not None:
        if not recipient.is_active:
            return "recipient inactive"
        if not recipient.email:
            return "recipient has no e-mail address"
        if not kind.transactional and (recipient.pk, row.kind) in opted_out:
            return "recipient switched this reminder off"
    if row.subject is not None and (late := _too_late(row, kind)):
        return late
    if kind.is_still_due is not None:
        if row.subject is None or not kind.is_still_due(row):
            return "subject no longer due"
    elif row.subject is None:
        return "subject gone"
    return ""


def _held(pk: int, token: str):
    """The row, only while this claim still holds it unsent."""
    rows = Notification.objects.filter(pk=pk)
    if USE_ROW_LOCKS:
        rows = rows.filter(state=State.PENDING, claim_token=token)
    return rows


def _mark_sent(pk: int, token: str, attempts: int, now: datetime) -> bool:
    """Mark the row sent while this claim holds it; the UPDATE also takes the row's lock.

    The hottest statement of a dispatch (one per mail), so it is written once as SQL instead
    of being built by the ORM per row; it matches ``_held`` exactly.
    """
    table = connection.ops.quote_name(Notification._meta.db_table)
    held, held_params = "", []
    if USE_ROW_LOCKS:
        held, held_params = " AND state = %s AND claim_token = %s", [State.PENDING, token]
    params = [State.SENT, now, attempts, now, pk, *held_params]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET state = %s, sent_at = %s, attempts = %s, claimed_at = NULL, "
            f"claim_token = '', last_error = '', updated_at = %s WHERE id = %s{held}",
            params,
        )
        return cursor.rowcount == 1


def _record_failure(row: Notification, token: str, error: Exception, *, transient: bool) -> None:
    now = timezone.now()
    attempts = row.attempts + 1
    update = {
        "attempts": attempts,
        "last_error": f"{type(error).__name__}: {error}"[:2000],
        "claimed_at": None,
        "claim_token": "",
        "updated_at": now,
    }
    if transient and attempts < MAX_ATTEMPTS:
        update["next_attempt_at"] = now + min(BACKOFF_BASE * (2 ** (attempts - 1)), BACKOFF_MAX)
    else:
        update["state"] = State.FAILED
    _held(row.pk, token).update(**update)


def _load_batch(ids: list[int], token: str) -> tuple[list[Notification], set[tuple[int, str]]]:
    """The claim's unsent rows with recipients, subjects and opt-outs, in a few queries."""
    rows = list(
        Notification.objects.select_related("recipient")
        .filter(pk__in=ids, state=State.PENDING, claim_token=token)
        .order_by("id")
    )
    subject_cache = Notification._meta.get_field("subject")
    by_type: dict[int, set[str]] = {}
    for row in rows:
        by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    subjects = {}
    for type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=object_ids):
            subjects[(type_id, str(obj.pk))] = obj
    for row in rows:
        subject_cache.set_cached_value(row, subjects.get((row.content_type_id, row.object_id)))
    opted_out = set(
        ReminderOptOut.objects.filter(
            user_id__in={row.recipient_id for row in rows},
            kind__in={row.kind for row in rows},
        ).values_list("user_id", "kind")
    )
    return rows, opted_out


def notifications_send_claimed(*, ids: list[int], token: str) -> dict[str, int]:
    """Send the rows this claim still holds, each exactly once; returns counts by outcome.

    Per row, one transaction marks it sent with a conditional UPDATE (the row's lock), sends
    the mail and commits. A concurrent or repeated delivery of the batch blocks on that lock,
    then matches nothing and sends nothing; a crash before commit leaves the row pending.
    """
    from .email import notification_message

    counts = {"sent": 0, "cancelled": 0, "failed": 0, "skipped": 0}
    rows, opted_out = _load_batch(ids, token)
    counts["skipped"] = len(ids) - len(rows)
    cancelled: dict[str, list[int]] = {}
    mail_connection = mail.get_connection()
    try:
        for row in rows:
            try:
                kind = get_kind(row.kind)
            except LookupError as exc:
                _record_failure(row, token, exc, transient=False)
                counts["failed"] += 1
                continue
            try:
                reason = _still_wanted(row, kind, opted_out)
            except Exception as exc:  # the owning app's check is broken: park it for staff
                logger.exception("notification %s could not be re-checked", row.pk)
                _record_failure(row, token, exc, transient=False)
                counts["failed"] += 1
                continue
            if reason:
                cancelled.setdefault(reason, []).append(row.pk)
                continue
            try:
                message = notification_message(row, kind, connection=mail_connection)
            except Exception as exc:  # a template or subject bug: park it for staff
                logger.exception("notification %s could not be built", row.pk)
                _record_failure(row, token, exc, transient=False)
                counts["failed"] += 1
                continue
            now = timezone.now()
            try:
                with transaction.atomic():
                    if not _mark_sent(row.pk, token, row.attempts + 1, now):
                        # Re-planned, cancelled or sent by someone else meanwhile.
                        counts["skipped"] += 1
                        continue
                    message.send()
            except (smtplib.SMTPException, OSError) as exc:
                logger.warning("notification %s: SMTP error %s", row.pk, exc)
                _record_failure(row, token, exc, transient=True)
                counts["failed"] += 1
                continue
            counts["sent"] += 1
    finally:
        mail_connection.close()
    now = timezone.now()
    for reason, pks in cancelled.items():
        counts["cancelled"] += Notification.objects.filter(
            pk__in=pks, state=State.PENDING, claim_token=token
        ).update(
            state=State.CANCELLED,
            cancelled_at=now,
            cancel_reason=reason[:200],
            claimed_at=None,
            claim_token="",
            updated_at=now,
        )
    return counts


def notification_retry(*, notification: Notification) -> Notification:
    """Put a failed row back in the queue, due now (staff's "retry")."""
    with transaction.atomic():
        row = Notification.objects.select_for_update().get(pk=notification.pk)
        if row.state != State.FAILED:
            raise ValueError("Only failed notifications can be retried.")
        now = timezone.now()
        row.state = State.PENDING
        row.next_attempt_at = now
        row.attempts = 0
        row.claimed_at = None
        row.claim_token = ""
        row.save()
    return row


# --- Preferences and the calendar feed -------------------------------------------------------


def reminder_preferences_set(*, user, enabled_kinds: set[str]) -> None:
    """Store which optional reminder kinds ``user`` gets; the other optional kinds go off."""
    from .registry import optional_kinds

    optional = {k.key for k in optional_kinds(user)}
    off = optional - set(enabled_kinds)
    with transaction.atomic():
        ReminderOptOut.objects.filter(user=user, kind__in=optional - off).delete()
        existing = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
        ReminderOptOut.objects.bulk_create(
            [ReminderOptOut(user=user, kind=k) for k in sorted(off - existing)]
        )


def calendar_feed_get_or_create(*, user) -> CalendarFeed:
    """The user's feed address, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_rotate(*, user) -> CalendarFeed:
    """Give the user a new secret feed address; the old one stops working at once."""
    from .models import new_feed_token

    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_feed_token()
            feed.rotated_at = timezone.now()
            feed.save(update_fields=["token", "rotated_at"])
    return feed
