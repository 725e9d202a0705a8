"""Mentors, requests, matches, availability, sessions and feedback.

The database holds the rules it can: one live match per request, one feedback per person per
session, and on PostgreSQL no overlapping booked sessions for a mentor (buffer included) or a
mentee (exclusion constraints). Everything else is checked by the services under a row lock.
"""

from django.conf import settings
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grunderhus.db import PostgresExclusionConstraint, TsTzRange

from .vocabulary import Language, Partner, Sector


class MentorProfile(models.Model):
    """A mentor's public face, expertise, capacity and booking rules."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_profile"
    )
    headline = models.CharField(_("headline"), max_length=160)
    bio = models.TextField(_("about the mentor"), blank=True)
    expertise = models.JSONField(_("expertise areas"), default=list)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    partner = models.CharField(
        _("partner organisation"), max_length=40, choices=Partner, default=Partner.HOUSE
    )
    max_mentees = models.PositiveSmallIntegerField(_("max active mentees"), default=3)
    max_hours_per_month = models.PositiveSmallIntegerField(_("max hours per month"), default=6)
    is_active = models.BooleanField(_("active"), default=True)
    is_public = models.BooleanField(_("show on the public mentor list"), default=False)
    # Booking rules, Cal.com style.
    session_minutes = models.PositiveSmallIntegerField(_("session length (minutes)"), default=60)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between sessions (minutes)"), default=15
    )
    min_notice_hours = models.PositiveSmallIntegerField(_("minimum notice (hours)"), default=24)
    max_sessions_per_day = models.PositiveSmallIntegerField(_("max sessions per day"), default=3)
    booking_window_days = models.PositiveSmallIntegerField(
        _("booking window (days ahead)"), default=56
    )
    video_url = models.URLField(_("video meeting link"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        ordering = ["user__full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(session_minutes__gte=15) & Q(session_minutes__lte=240),
                name="mentor_session_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(booking_window_days__gte=1) & Q(booking_window_days__lte=365),
                name="mentor_booking_window_range",
            ),
        ]

    def __str__(self):
        return str(self.user)


class AvailabilityRule(models.Model):
    """A weekly window in Europe/Oslo wall-clock time (Monday = 0)."""

    class Weekday(models.IntegerChoices):
        MON = 0, pgettext_lazy("weekday label", "Monday")
        TUE = 1, pgettext_lazy("weekday label", "Tuesday")
        WED = 2, pgettext_lazy("weekday label", "Wednesday")
        THU = 3, pgettext_lazy("weekday label", "Thursday")
        FRI = 4, pgettext_lazy("weekday label", "Friday")
        SAT = 5, pgettext_lazy("weekday label", "Saturday")
        SUN = 6, pgettext_lazy("weekday label", "Sunday")

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="rules")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="availability_rule_order"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class DateOverride(models.Model):
    """A day off (whole day, or some hours) or extra hours on one date, in Oslo time."""

    class Kind(models.TextChoices):
        OFF = "off", _("Unavailable")
        EXTRA = "extra", _("Extra hours")

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start_time__isnull=True) & Q(end_time__isnull=True) & Q(kind="off"))
                | Q(end_time__gt=F("start_time")),
                name="override_times_valid",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"


class ConflictOfInterest(models.Model):
    """A pair staff have declared may never be matched (family, investor, competitor...)."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="conflicts")
    entrepreneur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_conflicts"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mentor", "entrepreneur"], name="conflict_unique"),
        ]

    def __str__(self):
        return f"{self.mentor} ≠ {self.entrepreneur}"


class MentoringRequest(models.Model):
    """An entrepreneur asking for a mentor: open → matched → closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    entrepreneur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_requests"
    )
    topics = models.JSONField(_("topics"), default=list)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, default=Sector.OTHER)
    goals = models.TextField(_("what do you want to achieve?"))
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language, default=Language.NB
    )
    wished_mentors = models.ManyToManyField(
        MentorProfile, blank=True, related_name="wished_by", verbose_name=_("mentor wishes")
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One open or matched request per entrepreneur at a time.
            models.UniqueConstraint(
                fields=["entrepreneur"],
                condition=Q(status__in=["open", "matched"]),
                name="one_live_request_per_entrepreneur",
            ),
        ]

    def __str__(self):
        return f"{self.entrepreneur} ({self.get_status_display()})"


class Match(models.Model):
    """A proposed pairing, approved by staff, accepted by the mentor, later ended."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Waiting for the mentor")
        ACCEPTED = "accepted", _("Active")
        REJECTED = "rejected", _("Rejected by staff")
        DECLINED = "declined", _("Declined by the mentor")
        ENDED = "ended", _("Ended")

    LIVE = (Status.PROPOSED, Status.APPROVED, Status.ACCEPTED)
    # States that hold a place in the mentor's capacity.
    HOLDING = (Status.APPROVED, Status.ACCEPTED)

    request = models.ForeignKey(MentoringRequest, on_delete=models.PROTECT, related_name="matches")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="matches")
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "approved", "accepted"]),
                name="one_live_match_per_request",
            ),
        ]

    def __str__(self):
        return f"{self.request.entrepreneur} ↔ {self.mentor}"

    @property
    def entrepreneur(self):
        return self.request.entrepreneur


class Session(models.Model):
    """A booked meeting. ``blocked_*`` is the mentor's busy range: the session plus buffer."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    class Place(models.TextChoices):
        ROOM = "room", _("Meeting room at RE Gründerhus")
        VIDEO = "video", _("Video meeting")

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="sessions")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.PROTECT, related_name="sessions")
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_sessions"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_start = models.DateTimeField()
    blocked_end = models.DateTimeField()
    place = models.CharField(_("where"), max_length=8, choices=Place, default=Place.ROOM)
    video_url = models.URLField(blank=True)
    agenda = models.TextField(_("agenda"))
    status = models.CharField(max_length=10, choices=Status, default=Status.BOOKED)
    sequence = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    rescheduled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_order"),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=F("start")) & Q(blocked_end__gte=F("end")),
                name="session_blocked_covers",
            ),
            PostgresExclusionConstraint(
                name="session_mentor_no_overlap",
                expressions=[
                    ("mentor", RangeOperators.EQUAL),
                    (TsTzRange("blocked_start", "blocked_end"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status="booked"),
            ),
            PostgresExclusionConstraint(
                name="session_mentee_no_overlap",
                expressions=[
                    ("mentee", RangeOperators.EQUAL),
                    (TsTzRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status="booked"),
            ),
        ]

    def __str__(self):
        return f"{self.mentor} / {self.mentee} {self.start:%Y-%m-%d %H:%M}"

    @property
    def ics_uid(self):
        # Stable for the row's life: a reschedule moves this row and bumps ``sequence``.
        return f"mentoring-session-{self.pk}@grunderhus.no"

    @property
    def hours(self):
        return (self.end - self.start).total_seconds() / 3600


class Feedback(models.Model):
    """A participant's rating and comment after a session."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_range"
            ),
        ]

    def __str__(self):
        return f"{self.session} {self.rating}/5"
