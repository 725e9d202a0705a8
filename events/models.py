"""Events and registrations.

An Event is one row for both languages (bilingual fields), managed as a Wagtail snippet, so
registrations and capacity are never split across page translations. The public listing and
each event's page are served by ``EventIndexPage`` (one per locale in the page tree).
"""

import secrets

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

# Segments served by events/urls.py under "arrangementer/"; an event slug may not shadow them.
RESERVED_SLUGS = {"pamelding", "bekreft", "kalender"}
EVENTS_PER_PAGE = 20


def new_token():
    return secrets.token_urlsafe(32)


class Bilingual:
    """``event.tr("title")`` gives the English field in English when it is filled in."""

    def tr(self, field):
        if (get_language() or "nb").startswith("en"):
            value = getattr(self, f"{field}_en", "")
            if value:
                return value
        return getattr(self, field)


class Event(Bilingual, index.Indexed, ClusterableModel):
    class Audience(models.TextChoices):
        PUBLIC = "public", _("Open to everyone")
        MEMBERS = "members", _("Members only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Topic(models.TextChoices):
        CIRCULAR = "circular", _("Circular economy")
        TOURISM = "tourism", _("Tourism and experiences")
        SOCIAL = "social", _("Social entrepreneurship")
        STARTUP = "startup", _("Starting and growing a business")
        NETWORK = "network", _("Networking")
        OTHER = "other", _("Other")

    title = models.CharField(_("title (Norwegian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the event's web address, the same in both languages."),
    )
    summary = models.CharField(_("summary (Norwegian)"), max_length=300)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description = RichTextField(
        _("description (Norwegian)"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )
    description_en = RichTextField(
        _("description (English)"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, default="RE Gründerhus, Asker sentrum")
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens = models.DateTimeField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("Leave empty to open registration as soon as the event is published."),
    )
    registration_closes = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close registration when the event starts."),
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience, default=Audience.PUBLIC
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic, default=Topic.OTHER)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    # Bumped whenever the event changes for attendees, so calendars replace their copy.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("title_en"),
        index.SearchField("summary"),
        index.AutocompleteField("title"),
    ]

    content_panels = [
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("summary"), FieldPanel("description")],
            heading=_("Norwegian"),
        ),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("summary_en"), FieldPanel("description_en")],
            heading=_("English"),
        ),
        FieldPanel("slug"),
        FieldPanel("image"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        FieldPanel("venue"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("topic")]),
    ]
    registration_panels = [
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
        FieldPanel("status"),
    ]
    programme_panels = [InlinePanel("programme", label=_("Programme item"))]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(programme_panels, heading=_("Programme")),
        ]
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_window_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "start"])]

    def __str__(self):
        return self.tr("title")

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is reserved; choose another.")
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.capacity == 0:
            errors["capacity"] = _("Leave empty for no limit, or give at least 1 place.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self, language=None):
        return f"/{language or get_language() or 'nb'}/arrangementer/{self.slug}/"

    @property
    def closes_at(self):
        return self.registration_closes or self.start

    def registration_is_open(self, now=None):
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or now >= self.closes_at or now >= self.end:
            return False
        return self.registration_opens is None or now >= self.registration_opens

    @property
    def is_multi_day(self):
        return timezone.localtime(self.start).date() != timezone.localtime(self.end).date()


class ProgrammeItem(Bilingual, Orderable):
    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.DateTimeField(_("time"))
    title = models.CharField(_("title (Norwegian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    panels = [
        FieldPanel("starts_at"),
        FieldPanel("title"),
        FieldPanel("title_en"),
        FieldPanel("speaker"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("programme item")
        ordering = ["starts_at", "sort_order"]


class Registration(models.Model):
    """One person's place (or place in the queue) at one event.

    A member registers as themselves; a guest gives name and e-mail and counts only after
    confirming through the e-mail link (status ``pending`` until then).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting e-mail confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        ATTENDED = "attended", _("Attended")

    # Statuses that hold a seat, and those that block registering again.
    SEATED = (Status.CONFIRMED, Status.ATTENDED)
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED, Status.ATTENDED)

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        "community.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    # Snapshots for members, the only identity for guests.
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(max_length=8, default="nb")
    status = models.CharField(_("status"), max_length=10, choices=Status)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    # When the registration entered the count (under the event lock): orders the waitlist.
    queued_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        "community.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False)
                & Q(status__in=["pending", "confirmed", "waitlisted", "attended"]),
                name="registration_one_active_per_user",
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(status__in=["pending", "confirmed", "waitlisted", "attended"]),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending") | Q(user__isnull=True),
                name="registration_pending_only_guests",
            ),
            models.CheckConstraint(
                condition=Q(status="attended", attended_at__isnull=False)
                | (~Q(status="attended") & Q(attended_at__isnull=True)),
                name="registration_attended_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(queued_at__isnull=False),
                name="registration_counted_has_queue_time",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.name} – {self.event}"

    @property
    def is_guest(self):
        return self.user_id is None

    @property
    def ics_uid(self):
        return f"event-registration-{self.pk}@grunderhus.no"

    @property
    def ics_sequence(self):
        return self.event.sequence + self.sequence


class EventIndexPage(RoutablePageMixin, Page):
    """The public listing ("arrangementer") and every event's page, in the page's language."""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event listing")

    @path("")
    def listing(self, request):
        from . import selectors

        audience = request.GET.get("audience", "")
        topic = request.GET.get("topic", "")
        if audience not in Event.Audience.values:
            audience = ""
        if topic not in Event.Topic.values:
            topic = ""
        paginator = Paginator(
            selectors.events_upcoming(audience=audience or None, topic=topic or None),
            EVENTS_PER_PAGE,
        )
        try:
            events = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            events = paginator.page(1)
        except EmptyPage:
            events = paginator.page(paginator.num_pages)
        months = selectors.events_by_month(list(events))
        query = "&".join(
            f"{key}={value}" for key, value in (("audience", audience), ("topic", topic)) if value
        )
        return self.render(
            request,
            context_overrides={
                "events": events,
                "months": months,
                "audience": audience,
                "topic": topic,
                "audiences": Event.Audience.choices,
                "topics": Event.Topic.choices,
                "filter_query": query,
            },
        )

    @path("<slug:slug>/")
    def event_detail(self, request, slug):
        from . import views

        return views.event_page(request, index_page=self, slug=slug)

    def get_event_or_404(self, slug):
        from . import selectors

        event = selectors.event_public(slug=slug)
        if event is None:
            raise Http404
        return event
