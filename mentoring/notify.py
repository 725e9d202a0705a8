"""What mentoring tells people, and when (through the notifications backbone).

Everything here runs inside the caller's transaction and only plans work: transactional mails
are outbox rows sent on commit, reminders are rows due 24 h and 1 h before a session, and the
feedback request is due when the session ends. Texts are built at send time, in the
recipient's language, from the generic notification templates.
"""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

GENERIC = "notifications/email/generic"
MATCH_APPROVED = "mentoring.match_approved"
MATCH_ACCEPTED = "mentoring.match_accepted"
MATCH_DECLINED = "mentoring.match_declined"
SESSION_BOOKED = "mentoring.session_booked"
SESSION_CANCELLED = "mentoring.session_cancelled"
REMINDER = "mentoring.session_reminder"
FEEDBACK = "mentoring.feedback_request"
MENTOR_INVITE = "mentoring.mentor_invite"
REMINDER_OFFSETS = {"24h": timedelta(hours=24), "1h": timedelta(hours=1)}


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _link(row, path):
    lang = getattr(row.recipient, "preferred_language", "nb") or "nb"
    return f"{base_url()}/{lang}/mentor/{path}"


def _match_context(row):
    match = row.subject
    if row.kind == MATCH_APPROVED:
        return {
            "title": _("You are proposed as mentor for %(name)s")
            % {"name": match.request.entrepreneur.full_name},
            "message": _("Please accept or decline the match on your mentoring page.")
            + "\n"
            + _explain(match),
            "link": _link(row, ""),
        }
    if row.kind == MATCH_DECLINED:
        return {
            "title": _("Match declined"),
            "message": _(
                "%(mentor)s declined mentoring %(name)s; the request is back on the matching board."
            )
            % {"mentor": match.mentor.user.full_name, "name": match.request.entrepreneur.full_name},
            "link": f"{base_url()}/admin/mentoring/board/",
        }
    other = (
        match.mentor.user
        if row.recipient_id == match.request.entrepreneur_id
        else match.request.entrepreneur
    )
    return {
        "title": _("Your mentoring match with %(name)s is active") % {"name": other.full_name},
        "message": _("You can now book sessions together.") + "\n" + _explain(match),
        "link": _link(row, ""),
    }


def _explain(match):
    from .explain import explanation

    return explanation(match.reasons)


def _session_context(row):
    session = row.subject
    if session.mentee_id == row.recipient_id:
        other = session.mentor.user.full_name
    else:
        other = session.mentee.full_name
    where = session.get_place_display()
    if session.video_url:
        where += f": {session.video_url}"
    if row.kind == SESSION_CANCELLED:
        title = _("Mentoring session with %(name)s cancelled") % {"name": other}
    elif row.kind == REMINDER:
        title = _("Reminder: mentoring session with %(name)s") % {"name": other}
    elif row.kind == FEEDBACK:
        return {
            "title": _("How was your session with %(name)s?") % {"name": other},
            "message": _(
                "Your rating and comment help us give every entrepreneur the right mentor."
            ),
            "link": _link(row, f"okter/{session.pk}/tilbakemelding/"),
            "starts_at": session.start,
        }
    elif (row.context or {}).get("moved"):
        title = _("Mentoring session with %(name)s moved") % {"name": other}
    else:
        title = _("Mentoring session with %(name)s booked") % {"name": other}
    return {
        "title": title,
        "starts_at": session.start,
        "message": _("Where: %(where)s") % {"where": where}
        + "\n"
        + _("Agenda: %(agenda)s") % {"agenda": session.agenda},
        "link": _link(row, "okter/"),
    }


def _invite_context(row):
    """The set-password link is made when the mail is sent: a key from allauth's password
    reset, valid until the password is set (or PASSWORD_RESET_TIMEOUT runs out)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    user = row.recipient
    profile = getattr(user, "mentor_profile", None)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return {
        "set_password_url": base_url() + path,
        "login_url": base_url() + reverse("account_login"),
        "profile_url": base_url() + reverse("mentoring:profile"),
        "availability_url": base_url() + reverse("mentoring:availability"),
        "partner_label": profile.get_partner_display() if profile else "",
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }


def _session_still_due(row):
    session = row.subject
    from django.utils import timezone

    if session is None or session.status != session.Status.BOOKED:
        return False
    if row.kind == FEEDBACK:
        return session.end <= timezone.now()
    return session.start > timezone.now()


def _session_start(row):
    session = row.subject
    return session.start if session is not None else None


def register_kinds():
    from notifications.registry import NotificationKind, register_kind

    for key, label, transactional, ctx in [
        (MATCH_APPROVED, gettext_lazy("Mentoring match proposed to you"), True, _match_context),
        (MATCH_ACCEPTED, gettext_lazy("Mentoring match active"), True, _match_context),
        (MATCH_DECLINED, gettext_lazy("Mentoring match declined"), True, _match_context),
        (SESSION_BOOKED, gettext_lazy("Mentoring session booked or moved"), True, _session_context),
        (SESSION_CANCELLED, gettext_lazy("Mentoring session cancelled"), True, _session_context),
    ]:
        register_kind(
            NotificationKind(
                key=key,
                label=label,
                transactional=transactional,
                template_prefix=GENERIC,
                get_context=ctx,
            )
        )
    register_kind(
        NotificationKind(
            key=MENTOR_INVITE,
            label=gettext_lazy("Invitation to become a mentor"),
            transactional=True,
            get_context=_invite_context,
        )
    )
    register_kind(
        NotificationKind(
            key=REMINDER,
            label=gettext_lazy("Reminders before mentoring sessions"),
            template_prefix=GENERIC,
            get_context=_session_context,
            is_still_due=_session_still_due,
            expires_at=_session_start,
        )
    )
    register_kind(
        NotificationKind(
            key=FEEDBACK,
            label=gettext_lazy("Feedback requests after mentoring sessions"),
            template_prefix=GENERIC,
            get_context=_session_context,
            is_still_due=_session_still_due,
        )
    )


# --- Called by services inside their transaction -------------------------------------------


def match_approved(match):
    from notifications.services import notification_send_now

    notification_send_now(kind=MATCH_APPROVED, subject=match, recipient=match.mentor.user)


def match_accepted(match):
    from notifications.services import notification_send_now

    for person in (match.request.entrepreneur, match.mentor.user):
        notification_send_now(kind=MATCH_ACCEPTED, subject=match, recipient=person)


def match_declined(match):
    from notifications.services import notification_send_now

    if match.decided_by_id:
        notification_send_now(kind=MATCH_DECLINED, subject=match, recipient=match.decided_by)


def session_ics(session, *, cancelled=False):
    from notifications.calendar import ics_event

    where = str(session.get_place_display())
    return ics_event(
        uid=session.ics_uid,
        sequence=session.sequence,
        summary=f"Mentoring: {session.mentor.user.full_name} / {session.mentee.full_name}",
        start=session.start,
        end=session.end,
        method="CANCEL" if cancelled else "REQUEST",
        location=session.video_url or where,
        description=session.agenda,
        url=f"{base_url()}/nb/mentor/okter/",
        organizer_email=session.mentor.user.email,
        attendee_emails=[session.mentee.email, session.mentor.user.email],
        cancelled=cancelled,
    )


def _participants(session):
    return (session.mentee, session.mentor.user)


def session_booked(session, *, moved=False):
    from django.utils import timezone

    from notifications.services import (
        notification_schedule,
        notification_send_now,
        notifications_cancel_for,
    )

    ics = session_ics(session)
    for person in _participants(session):
        notification_send_now(
            kind=SESSION_BOOKED,
            subject=session,
            recipient=person,
            context={"moved": moved},
            attachments=[("invitation.ics", ics, "text/calendar")],
        )
        for offset, before in REMINDER_OFFSETS.items():
            due = session.start - before
            if due <= timezone.now():
                # Booked or moved inside the reminder's lead time: the booking mail is enough.
                notifications_cancel_for(session, kind=REMINDER, recipient=person)
                continue
            notification_schedule(
                kind=REMINDER, subject=session, recipient=person, due_at=due, offset=offset
            )
        notification_schedule(
            kind=FEEDBACK, subject=session, recipient=person, due_at=session.end, offset="after"
        )


def session_cancelled(session, *, by):
    from notifications.services import notification_send_now, notifications_cancel_for

    notifications_cancel_for(session, kind=REMINDER)
    notifications_cancel_for(session, kind=FEEDBACK)
    ics = session_ics(session, cancelled=True)
    for person in _participants(session):
        notification_send_now(
            kind=SESSION_CANCELLED,
            subject=session,
            recipient=person,
            attachments=[("cancellation.ics", ics, "text/calendar")],
        )
