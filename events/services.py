"""Writes for events and registrations.

Capacity is counted from seated registrations, never stored: every write that can change who
holds a seat locks the event row (``select_for_update``), re-counts and then confirms,
waitlists or promotes, all in one transaction.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community import roles

from . import notify
from .models import Event, Registration

# Turned off only by the test that proves the lock matters (it must then oversell).
LOCK_EVENT_ROW = True
# A guest who has not confirmed the e-mail link within this time loses the registration.
GUEST_CONFIRM_WINDOW = timedelta(hours=24)
MEMBER_ROLES = (roles.ENTREPRENEUR, roles.MENTOR, roles.STAFF)


class RegistrationError(Exception):
    """A registration refused for a reason the person should read."""

    def __init__(self, message, code="invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def user_is_member(user):
    """Members are the house's entrepreneurs, mentors and staff."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=MEMBER_ROLES).exists()


def _locked_event(event_id):
    qs = Event.objects.all()
    if LOCK_EVENT_ROW:
        qs = qs.select_for_update()
    return qs.get(pk=event_id)


def _seats_taken(event):
    return event.registrations.filter(status__in=Registration.SEATED).count()


def _has_free_seat(event, seats_taken=None):
    """Whether a seat is free; ``seats_taken`` when the caller has already counted them."""
    if event.capacity is None:
        return True
    taken = _seats_taken(event) if seats_taken is None else seats_taken
    return taken < event.capacity


def _check_open(event, *, now):
    if event.status == Event.Status.CANCELLED:
        raise RegistrationError(_("This event has been cancelled."), "cancelled")
    if event.status != Event.Status.PUBLISHED:
        raise RegistrationError(_("This event is not open for registration."), "closed")
    if now >= event.end or now >= event.start:
        raise RegistrationError(_("This event has already taken place."), "past")
    if event.registration_opens and now < event.registration_opens:
        raise RegistrationError(_("Registration has not opened yet."), "not_open")
    if now >= event.closes_at:
        raise RegistrationError(_("Registration for this event has closed."), "closed")


def _enqueue(registration, event, *, seats_taken=None, waiting=None):
    """Place a registration in the count: a seat if one is free, else the waitlist.

    The caller holds the event lock; the time is read after taking it, so the queue follows
    the order in which registrations got the lock. Counts the caller read under the lock may
    be passed in to save the queries; then a waitlisted registration's place in the queue is
    left on it as ``placed_position`` (see ``selectors.placed_position``).
    """
    now = timezone.now()
    registration.queued_at = now
    if _has_free_seat(event, seats_taken):
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = Registration.Status.WAITLISTED
        if waiting is not None:
            registration.placed_position = waiting + 1  # last in the queue: just placed
    return registration


def _counts_under_lock(event, *, user, email):
    """Seats taken, people waiting and the person's own active registrations, in one query."""
    mine = Q(email__iexact=email)
    if user is not None:
        mine |= Q(user=user)
    return event.registrations.aggregate(
        seats_taken=Count("pk", filter=Q(status__in=Registration.SEATED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        mine=Count("pk", filter=Q(status__in=Registration.ACTIVE) & mine),
    )


def registration_create(
    *,
    event: Event,
    user=None,
    name: str = "",
    email: str = "",
    organisation: str = "",
    language: str = "nb",
) -> Registration:
    """Register a member (counted at once) or a guest (counted after the e-mail link).

    A member's registration is placed under the event's lock with one counting query; if it
    lands on the waitlist, its place in the queue comes back as ``placed_position``.
    """
    now = timezone.now()
    email = (user.email if user else email).strip()
    if user is None and not (name.strip() and email):
        raise RegistrationError(_("Give your name and e-mail address."), "missing")
    # Checks that do not depend on the count run before the lock, so refusals never queue.
    _check_open(event, now=now)
    if event.audience == Event.Audience.MEMBERS and not user_is_member(user):
        raise RegistrationError(
            _("This event is for members of the house only. Log in to register."),
            "members_only",
        )
    try:
        with transaction.atomic():
            # A guest's row is pending and holds no seat, so only members take the lock.
            event = _locked_event(event.pk) if user else Event.objects.get(pk=event.pk)
            _check_open(event, now=now)  # again: it may have closed or been cancelled
            if event.audience == Event.Audience.MEMBERS and user is None:
                raise RegistrationError(
                    _("This event is for members of the house only. Log in to register."),
                    "members_only",
                )
            counts = _counts_under_lock(event, user=user, email=email)
            if counts["mine"]:
                raise RegistrationError(
                    _("You are already registered for this event.")
                    if user
                    else _("This e-mail address is already registered for this event."),
                    "duplicate",
                )
            registration = Registration(
                event=event,
                user=user,
                name=user.full_name if user else name.strip(),
                email=email,
                organisation=organisation.strip(),
                language=(user.preferred_language if user else language) or "nb",
                registered_at=now,
            )
            if user is None:
                registration.status = Registration.Status.PENDING
            else:
                _enqueue(
                    registration,
                    event,
                    seats_taken=counts["seats_taken"],
                    waiting=counts["waiting"],
                )
            registration.save()
            if user is None:
                notify.guest_confirm_request(registration)
            else:
                notify.registration_placed(registration)
    except IntegrityError as exc:
        # The unique constraints are the last line of defence against a double submit.
        raise RegistrationError(
            _("This e-mail address is already registered for this event."), "duplicate"
        ) from exc
    return registration


def registration_confirm_guest(*, token: str) -> Registration:
    """A guest's e-mail link counts the registration: a seat if free, else the waitlist."""
    now = timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.filter(token=token, user__isnull=True).select_for_update().first()
        )
        if registration is None:
            raise RegistrationError(_("This link is not valid or has expired."), "bad_token")
        if registration.status != Registration.Status.PENDING:
            return registration  # confirming twice is harmless
        if registration.registered_at + GUEST_CONFIRM_WINDOW <= now:
            raise RegistrationError(_("This link is not valid or has expired."), "expired")
        event = _locked_event(registration.event_id)
        _check_open(event, now=now)
        _enqueue(registration, event)
        registration.save(update_fields=["status", "queued_at", "confirmed_at"])
        registration.event = event
        notify.registration_placed(registration)
    return registration


def waitlist_promote(*, event: Event) -> list[Registration]:
    """Give every free seat to the waitlist in arrival order; the caller holds the lock."""
    now = timezone.now()
    promoted = []
    if event.status != Event.Status.PUBLISHED or now >= event.end:
        return promoted
    free = None if event.capacity is None else event.capacity - _seats_taken(event)
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "queued_at", "pk"
    )
    if free is not None:
        waiting = waiting[: max(free, 0)]
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.sequence += 1
        registration.save(update_fields=["status", "confirmed_at", "sequence"])
        registration.event = event
        notify.registration_promoted(registration)
        promoted.append(registration)
    return promoted


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a place (or a place in the queue); a freed seat goes to the first in the queue."""
    now = timezone.now()
    with transaction.atomic():
        event = _locked_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if registration.status == Registration.Status.ATTENDED or now >= event.end:
            raise RegistrationError(_("This event is over; it can no longer be cancelled."), "past")
        held_seat = registration.status in Registration.SEATED
        was_pending = registration.status == Registration.Status.PENDING
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.queued_at = registration.queued_at or now
        registration.sequence += 1
        registration.save(update_fields=["status", "cancelled_at", "queued_at", "sequence"])
        registration.event = event
        if not was_pending:
            notify.registration_cancelled(registration)
        if held_seat:
            waitlist_promote(event=event)
    return registration


def event_after_edit(*, event: Event) -> list[Registration]:
    """After an edit: calendars get a newer copy, reminders follow a moved start, and seats
    added by a larger capacity go to the waitlist."""
    with transaction.atomic():
        event = _locked_event(event.pk)
        event.sequence += 1
        event.save(update_fields=["sequence"])
        promoted = waitlist_promote(event=event)
        notify.event_changed(event)
    return promoted


def event_cancel(*, event: Event) -> Event:
    """Cancel an event: everyone registered is told and their reminders are withdrawn."""
    with transaction.atomic():
        event = _locked_event(event.pk)
        if event.status == Event.Status.CANCELLED:
            return event
        event.status = Event.Status.CANCELLED
        event.sequence += 1
        event.save(update_fields=["status", "sequence"])
        notify.event_cancelled(event)
    return event


def registration_check_in(*, registration: Registration, by) -> Registration:
    """Mark a confirmed person as attended at the door."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.ATTENDED:
            return registration
        if registration.status != Registration.Status.CONFIRMED:
            raise RegistrationError(
                _("Only confirmed registrations can be checked in."), "not_confirmed"
            )
        registration.status = Registration.Status.ATTENDED
        registration.attended_at = timezone.now()
        registration.checked_in_by = by
        registration.save(update_fields=["status", "attended_at", "checked_in_by"])
    return registration


def registration_check_in_undo(*, registration: Registration, by) -> Registration:
    """Undo a check-in made by mistake; the person keeps their seat."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.ATTENDED:
            return registration
        registration.status = Registration.Status.CONFIRMED
        registration.attended_at = None
        registration.checked_in_by = by
        registration.save(update_fields=["status", "attended_at", "checked_in_by"])
    return registration


def guests_expire(*, now=None) -> int:
    """Delete guest registrations never confirmed by e-mail within the window.

    They never counted and hold personal data given without a confirmed address, so they are
    removed rather than kept, with the outbox rows about them.
    """
    from notifications.services import notifications_delete_for

    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Registration.objects.select_for_update()
            .filter(
                status=Registration.Status.PENDING, registered_at__lte=now - GUEST_CONFIRM_WINDOW
            )
            .values_list("pk", flat=True)
        )
        expired = Registration.objects.filter(pk__in=ids)
        # The confirmation-link mail's outbox row holds the same address and name.
        notifications_delete_for(expired)
        deleted, _detail = expired.delete()
    return deleted
