import re
import unicodedata

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grunderhus.db import DateRange, PostgresExclusionConstraint

from .managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: e-mail is the login, one full name, a preferred language."""

    class Language(models.TextChoices):
        NB = "nb", _("Norwegian Bokmål")
        EN = "en", _("English")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=Language, default=Language.NB
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            # Addresses differ only in case are the same mailbox: refuse the second one.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


# --- Seats: desks, startups, applications and allocations -------------------------------------

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


# Nine ASCII digits. ``str.isdigit()`` (and ``int()``) also accept Arabic-Indic and other
# scripts' digits, which would let "٩٧٤٧٦٠٦٧٣" be stored beside "974760673".
_ORG_NUMBER_DIGITS = re.compile(r"[0-9]{9}")


def normalise_org_number(value) -> str:
    """An organisation number as stored: NFKC-normalised (full-width "９" becomes "9") and
    without white space of any kind ("974 760 673", no-break spaces, tabs). Digits of other
    scripts are left as they are, so validation refuses them."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in value if not ch.isspace())


def org_number_is_valid(value: str) -> bool:
    """A Norwegian organisation number: nine ASCII digits whose last is the mod-11 check digit."""
    if not _ORG_NUMBER_DIGITS.fullmatch(value or ""):
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], ORG_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(value[8])


def validate_org_number(value):
    if not org_number_is_valid(value):
        raise ValidationError(
            _("Enter a valid Norwegian organisation number: nine digits, e.g. 974 760 673."),
            code="invalid_org_number",
        )


class OrgNumberField(models.CharField):
    """An organisation number column: every full_clean() and every model form (the Wagtail
    snippet included) normalises what comes in before validating it, so one company has one
    stored spelling and the unique constraint holds."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if value is None else normalise_org_number(value)

    def formfield(self, **kwargs):
        from .seats_forms import OrgNumberFormField

        # Room for what people type ("974 760 673"); the stored value is nine characters.
        return super().formfield(
            **{
                "form_class": OrgNumberFormField,
                "max_length": OrgNumberFormField.TYPED_LENGTH,
                **kwargs,
            }
        )

    def deconstruct(self):
        # A plain varchar in the database; the normalising lives in Python only, so the
        # migrations keep seeing a CharField.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class Desk(models.Model):
    """One seat in the house. The house's capacity is the number of active desks."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed desk")
        FLEX = "flex", _("Flex desk")

    code = models.CharField(_("code"), max_length=10, unique=True, help_text=_("E.g. A-12."))
    zone = models.CharField(_("zone or room"), max_length=60)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.FIXED)
    # Position of the desk's top-left corner on the floor plan, in SVG units.
    x = models.PositiveIntegerField(_("x position on the floor plan"), default=0)
    y = models.PositiveIntegerField(_("y position on the floor plan"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("desk")
        verbose_name_plural = _("desks")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Startup(models.Model):
    """A company in (or applying to) the house; what the directory shows is opt-in."""

    class Sector(models.TextChoices):
        CIRCULAR = "circular", _("Circular economy")
        TOURISM = "tourism", _("Tourism and experiences")
        SOCIAL = "social", _("Social entrepreneurship")
        TECH = "tech", _("Technology")
        HEALTH = "health", _("Health and care")
        FOOD = "food", _("Food and agriculture")
        CREATIVE = "creative", _("Creative industries")
        OTHER = "other", _("Other")

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROTOTYPE = "prototype", _("Prototype")
        EARLY = "early", _("First customers")
        GROWTH = "growth", _("Growth")

    name = models.CharField(_("name"), max_length=120)
    org_number = OrgNumberField(
        _("organisation number"),
        max_length=9,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Nine digits, if the company is registered."),
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector, default=Sector.OTHER)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage, default=Stage.IDEA)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="startups/", blank=True)
    members = models.ManyToManyField(
        User, related_name="startups", blank=True, verbose_name=_("team members")
    )
    # The directory shows a startup only when it opts in, and only the parts it chose.
    listed = models.BooleanField(_("show in the startup directory"), default=False)
    show_description = models.BooleanField(_("show the description"), default=True)
    show_website = models.BooleanField(_("show the website"), default=True)
    show_members = models.BooleanField(_("show the team members' names"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("startup")
        verbose_name_plural = _("startups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="startup_org_number_unique",
            ),
        ]

    def __str__(self):
        return self.name


class SeatApplication(models.Model):
    """Someone asking for a seat for their startup; staff move it through the status flow."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("On the waiting list")
        REJECTED = "rejected", _("Not accepted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        NORMAL = 2, _("Normal")
        LOW = 3, _("Low")

    class Topic(models.TextChoices):
        BUSINESS_MODEL = "business_model", _("Business model")
        FUNDING = "funding", _("Funding and investors")
        SALES = "sales", _("Sales and marketing")
        LEGAL = "legal", _("Legal and accounting")
        CIRCULAR = "circular", _("Circular design")
        TECH = "tech", _("Technology and product")
        NETWORK = "network", _("Network and partners")

    # One person has at most one application that is still alive.
    OPEN = (Status.SUBMITTED, Status.IN_REVIEW, Status.WAITLISTED, Status.ACCEPTED)
    WITHDRAWABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.WAITLISTED)

    applicant = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="seat_applications",
        verbose_name=_("applicant"),
    )
    startup = models.ForeignKey(
        Startup, on_delete=models.PROTECT, related_name="applications", verbose_name=_("startup")
    )
    motivation = models.TextField(_("motivation"))
    guidance_topics = models.JSONField(_("guidance wanted"), default=list, blank=True)
    desired_start = models.DateField(_("desired start"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SUBMITTED)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority, default=Priority.NORMAL
    )
    # Never shown to the applicant.
    staff_notes = models.TextField(_("staff notes"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat application")
        verbose_name_plural = _("seat applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant"],
                condition=models.Q(status__in=["submitted", "in_review", "waitlisted", "accepted"]),
                name="seat_application_one_open_per_person",
            ),
        ]
        indexes = [models.Index(fields=["status", "priority", "submitted_at"])]

    def __str__(self):
        return f"{self.startup} ({self.applicant})"

    def topic_labels(self):
        labels = dict(self.Topic.choices)
        return [labels.get(t, t) for t in self.guidance_topics]


class SeatDecision(models.Model):
    """The decision log: who moved an application to which status, when, and what they said."""

    application = models.ForeignKey(
        SeatApplication, on_delete=models.PROTECT, related_name="decisions"
    )
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=12, choices=SeatApplication.Status)
    to_status = models.CharField(max_length=12, choices=SeatApplication.Status)
    message = models.TextField(_("message to the applicant"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class SeatAllocation(models.Model):
    """A member at a desk for ``[start, end)``; reserved while an offer awaits an answer.

    Rows are end-dated, never deleted; a declined or lapsed offer becomes ``released``.
    """

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Offered, awaiting answer")
        ACTIVE = "active", _("Active")
        RELEASED = "released", _("Released")

    # Statuses that hold the desk (and the member) for the period.
    HOLDING = ("reserved", "active")

    desk = models.ForeignKey(
        Desk, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("desk")
    )
    member = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="seat_allocations", verbose_name=_("member")
    )
    startup = models.ForeignKey(
        Startup,
        on_delete=models.PROTECT,
        related_name="allocations",
        null=True,
        blank=True,
        verbose_name=_("startup"),
    )
    application = models.ForeignKey(
        SeatApplication,
        on_delete=models.PROTECT,
        related_name="allocations",
        null=True,
        blank=True,
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until (not included)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    offer_deadline = models.DateTimeField(_("answer by"), null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("seat allocation")
        verbose_name_plural = _("seat allocations")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gt=models.F("start")),
                name="seat_allocation_end_after_start",
            ),
            PostgresExclusionConstraint(
                name="seat_allocation_desk_no_overlap",
                expressions=[
                    ("desk", RangeOperators.EQUAL),
                    (DateRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status__in=["reserved", "active"]),
            ),
            PostgresExclusionConstraint(
                name="seat_allocation_member_no_overlap",
                expressions=[
                    ("member", RangeOperators.EQUAL),
                    (DateRange("start", "end"), RangeOperators.OVERLAPS),
                ],
                condition=models.Q(status__in=["reserved", "active"]),
            ),
        ]
        indexes = [models.Index(fields=["status", "start", "end"])]

    def __str__(self):
        return f"{self.desk} – {self.member}"

    def covers(self, day) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class RoleChange(models.Model):
    """The log of every role a person gained or lost: who changed it, when and why.

    ``by`` is empty when the platform itself made the change (membership ending with the last
    desk allocation, say).
    """

    class Action(models.TextChoices):
        GRANTED = "granted", _("Granted")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_changes", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20)
    action = models.CharField(_("change"), max_length=8, choices=Action)
    by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.user}: {self.action} {self.role}"

    def role_label(self):
        from .roles import ROLES

        return ROLES.get(self.role, self.role)
