"""The rows and URLs that the whole-site tests share: one fixture row of every kind a URL can
point at, the role users, every URL pattern of the URL conf and the path to request for each.

``tests/test_permission_matrix.py`` asks every URL as every role and compares the answers with
its table; ``tests/test_never_500.py`` sends the same URLs and the forms on their pages hostile
input. A view that needs a new kind of object gets its row in ``build_world`` and, when its path
argument is not an ``int:pk`` of the view's own model, an entry in ``ARGS_BY_URL``.
"""

import fnmatch
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone, translation
from django.utils.regex_helper import normalize

ROLES = ("anon", "appl", "memb", "alum", "ment", "edit", "staff", "super")
ROLE_NAMES = {
    "anon": "anonymous",
    "appl": "applicant",
    "memb": "member",
    "alum": "alumnus",
    "ment": "mentor",
    "edit": "editor",
    "staff": "staff",
    "super": "superuser",
}
# Wagtail's /admin/failwhale/ raises on purpose, so that staff can see that error reports arrive;
# no other URL may answer 500.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}
# The apps whose URLs (views, snippets, choosers, viewsets) each need an explicit row.
PROJECT_APPS = ("community", "events", "home", "mentoring", "notifications", "grunderhus")


# --- Enumerating the URL conf -----------------------------------------------------------------


@dataclass
class Url:
    route: str  # "/admin/snippets/community/desk/edit/<int:pk>/"
    name: str | None  # "wagtailsnippets_community_desk:edit"
    regex: str  # the whole pattern as one regex, for filling in the arguments
    params: list[str]
    callback: object
    model: type | None = None

    @property
    def key(self):
        return self.name or self.route

    @property
    def module(self):
        view = getattr(self.callback, "view_class", self.callback)
        return getattr(view, "__module__", "") or ""

    @property
    def is_project(self):
        """A URL of the project's own: its views, or a Wagtail view for one of its models."""
        if self.module.split(".")[0] in PROJECT_APPS:
            return True
        if self.model is not None and self.model._meta.app_label in PROJECT_APPS:
            return True
        namespace = (self.name or "").split(":")[0]
        return any(
            namespace.startswith(f"wagtailsnippet{kind}_{app}_")
            for kind in ("s", "choosers")
            for app in PROJECT_APPS
        )


def _view_model(callback):
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is None:
        model = getattr(getattr(callback, "view_class", None), "model", None)
    if isinstance(model, str):
        model = apps.get_model(model)
    return model if isinstance(model, type) else None


def enumerate_urls():
    """Every URL pattern of the URL conf, with the language prefix as /nb/."""
    found = []

    def walk(patterns, route, regex, namespaces):
        for p in patterns:
            piece = p.pattern.regex.pattern
            piece = piece[1:] if piece.startswith("^") else piece
            if isinstance(p, URLResolver):
                ns = [*namespaces, p.namespace] if p.namespace else namespaces
                walk(p.url_patterns, route + str(p.pattern), regex + piece, ns)
            elif isinstance(p, URLPattern):
                name = ":".join([*namespaces, p.name]) if p.name else None
                full = regex + piece
                found.append(
                    Url(
                        route="/" + route + str(p.pattern),
                        name=name,
                        regex=full,
                        params=sorted(set(normalize(full)[0][1])),
                        callback=p.callback,
                        model=_view_model(p.callback),
                    )
                )

    with translation.override(settings.LANGUAGE_CODE):
        walk(get_resolver().url_patterns, "", "", [])
    return found


# --- Fixture rows -----------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


def build_world():
    """One of everything a URL can point at, made through the services where there is one."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupApprovalTask,
        Locale,
        Page,
        PageViewRestriction,
        Site,
        UploadedFile,
        Workflow,
        WorkflowTask,
    )

    from community import roles
    from community import services as community
    from community.models import User
    from events.models import Event, Registration
    from mentoring.models import ConflictOfInterest, Match
    from notifications.models import Notification
    from notifications.services import calendar_feed_get_or_create
    from tests.factories.community import DeskFactory
    from tests.factories.events import EventFactory, RegistrationFactory, event_index_pages
    from tests.factories.home import NewsPageFactory, StandardPageFactory, image_create, site_tree
    from tests.factories.mentoring import (
        MatchFactory,
        MentoringRequestFactory,
        MentorProfileFactory,
        SessionFactory,
    )

    w = SimpleNamespace()
    today = timezone.localdate()
    now = timezone.now()

    # Pages: the site tree, an article, a page behind a password, a page in moderation.
    w.tree = site_tree()
    w.news = NewsPageFactory(parent=w.tree.news_index)
    w.event_index, _ = event_index_pages(w.tree)
    w.standard = StandardPageFactory(parent=w.tree.home)
    w.private = StandardPageFactory(parent=w.tree.home, title="Internt", slug="internt")
    w.page_restriction = PageViewRestriction.objects.create(
        page=w.private, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )
    w.site = Site.objects.get(is_default_site=True)
    w.locale = Locale.objects.get(language_code="nb")

    def person(label, **kwargs):
        return community.user_create(
            email=f"{label}@matrise.example.no",
            full_name=f"{label.title()} Matrisen",
            password=PASSWORD,
            **kwargs,
        )

    # The eight roles (anonymous has no account).
    su = person("superbruker", is_superuser=True)
    staff = person("stab")
    community.role_grant(user=staff, role=roles.STAFF, by=su, reason="Driver huset")
    editor = person("redaktor")
    community.role_grant(user=editor, role=roles.EDITOR, by=staff, reason="Skriver nyheter")
    mentor = person("mentor")
    w.mentor_profile = MentorProfileFactory(user=mentor)
    community.role_grant(user=mentor, role=roles.MENTOR, by=staff, reason="Erfaren gründer")

    applicant = person("soker")
    w.applicant_startup = community.startup_create(name="Søkerbedriften AS", members=[applicant])
    w.application = community.seat_application_submit(
        applicant=applicant,
        startup=w.applicant_startup,
        motivation="Vi vil bygge en sirkulær bedrift i Asker.",
        desired_start=today + timedelta(days=30),
    )

    member = person("medlem")
    w.member_startup = community.startup_create(
        name="Medlemsbedriften AS", members=[member], listed=True
    )
    w.desk = DeskFactory()
    # Holding a desk is what makes a member (seat_allocate syncs the role; asserted below).
    w.allocation = community.seat_allocate(
        desk=w.desk, member=member, start=today, by=staff, startup=w.member_startup
    )

    # A member until 30 days ago: joined on their first day, made an alumnus by the daily run.
    alumnus = person("alumn")
    start = today - timedelta(days=400)
    community.seat_allocate(
        desk=DeskFactory(), member=alumnus, start=start, end=today - timedelta(days=30), by=staff
    )
    community.membership_sync(user=alumnus, today=start)
    community.memberships_end_due(today=today)

    # A desk offered to the applicant (reserved, not held), which they may answer.
    w.offer = community.seat_offer_make(
        application=w.application,
        desk=DeskFactory(),
        start=today + timedelta(days=30),
        deadline=now + timedelta(days=7),
        by=staff,
    )

    w.users = {
        "appl": applicant,
        "memb": member,
        "alum": alumnus,
        "ment": mentor,
        "edit": editor,
        "staff": staff,
        "super": su,
    }
    for user in w.users.values():
        user.refresh_from_db()
    held = {r: set(u.groups.values_list("name", flat=True)) for r, u in w.users.items()}
    assert held == {
        "appl": set(),
        "memb": {roles.ENTREPRENEUR},
        "alum": {roles.ALUMNUS},
        "ment": {roles.MENTOR},
        "edit": {roles.EDITOR},
        "staff": {roles.STAFF},
        "super": set(),
    }, held
    assert su.is_superuser and not staff.is_superuser

    # Mentoring: the member is the mentor's mentee, with a session next week.
    w.mentoring_request = MentoringRequestFactory(entrepreneur=member, status="matched")
    w.match = MatchFactory(
        request=w.mentoring_request, mentor=w.mentor_profile, status=Match.Status.ACCEPTED
    )
    next_week = (now + timedelta(days=7)).replace(hour=9, minute=0, second=0, microsecond=0)
    w.session = SessionFactory(match=w.match, start=next_week)
    w.conflict = ConflictOfInterest.objects.create(
        mentor=w.mentor_profile, entrepreneur=alumnus, reason="Familie", created_by=staff
    )

    # Events: a public event, a guest waiting to confirm, the member's registration.
    w.event = EventFactory(slug="frokostmote-matrise")
    w.guest_pending = RegistrationFactory(
        event=w.event,
        status=Registration.Status.PENDING,
        queued_at=None,
        confirmed_at=None,
    )
    w.registration = RegistrationFactory(
        event=w.event, user=member, name=member.full_name, email=member.email
    )
    w.members_event = EventFactory(slug="medlemsmote-matrise", audience=Event.Audience.MEMBERS)

    # Notifications: the outbox rows the services above queued, and the member's feed.
    w.notification = Notification.objects.order_by("pk").first()
    assert w.notification is not None
    w.feed = calendar_feed_get_or_create(user=member)

    # Accounts: a real e-mail confirmation key and a real password reset key.
    unverified = person("ubekreftet", verified=False)
    w.confirm_key = EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified)).key
    w.reset_uid = user_pk_to_url_str(member)
    w.reset_key = default_token_generator.make_token(member)

    # Wagtail's own objects.
    w.image = image_create()
    document_model = get_document_model()
    w.document = document_model.objects.create(
        title="Vedtekter", file=ContentFile(b"%PDF-1.4 vedtekter", name="vedtekter.pdf")
    )
    w.collection = Collection.get_first_root_node().add_child(name="Interne dokumenter")
    w.collection_restriction = CollectionViewRestriction.objects.create(
        collection=w.collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="hemmelig",
    )
    w.redirect = Redirect.objects.create(old_path="/gammel-side", redirect_page=w.news)
    w.uploaded = UploadedFile.objects.create(
        for_content_type=ContentType.objects.get_for_model(get_image_model()),
        file=ContentFile(b"x", name="opplasting.png"),
        uploaded_by_user=editor,
    )
    w.editing_session = EditingSession.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(w.news.pk),
        last_seen_at=now,
    )
    w.task = GroupApprovalTask.objects.create(name="Godkjenning")
    w.task.groups.set([Group.objects.get(name=roles.EDITOR)])
    w.workflow = Workflow.objects.create(name="Matrisen godkjenner")
    WorkflowTask.objects.create(workflow=w.workflow, task=w.task, sort_order=0)
    w.moderated = StandardPageFactory(parent=w.tree.home, title="Til godkjenning")
    w.moderated.save_revision(user=editor)
    w.workflow_state = w.workflow.start(w.moderated, editor)
    w.task_state = w.workflow_state.current_task_state

    # The row a bare ``pk`` means, by the model the URL belongs to.
    w.rows = {
        User: member,
        Group: Group.objects.get(name=roles.EDITOR),
        Site: w.site,
        Locale: w.locale,
        Collection: w.collection,
        Workflow: w.workflow,
        Redirect: w.redirect,
        get_image_model(): w.image,
        document_model: w.document,
        Page: w.news,
        Event: w.event,
        Notification: w.notification,
        ConflictOfInterest: w.conflict,
        type(w.desk): w.desk,
        type(w.member_startup): w.applicant_startup,
    }
    return w


# --- Path arguments ---------------------------------------------------------------------------

# By URL name (wildcards allowed; the first match wins). Each returns the path arguments, and
# may add "?": a query string.
ARGS_BY_URL = {
    "seat_application_detail": lambda w, u: {"pk": w.application.pk},
    "seat_application_withdraw": lambda w, u: {"pk": w.application.pk},
    "seat_offer_respond": lambda w, u: {"pk": w.offer.pk},
    "seats_admin:application": lambda w, u: {"pk": w.application.pk},
    "people_admin:*": lambda w, u: {"pk": w.users["memb"].pk},
    "seats_admin:allocation": lambda w, u: {"pk": w.allocation.pk},
    "events:guest_confirm": lambda w, u: {"token": w.guest_pending.token},
    "events:registration_manage": lambda w, u: {"token": w.registration.token},
    "events:*": lambda w, u: {"slug": w.event.slug},
    "events_admin:check_in_toggle": lambda w, u: {
        "pk": w.event.pk,
        "registration_pk": w.registration.pk,
    },
    "events_admin:*": lambda w, u: {"pk": w.event.pk},
    "mentoring:session_*": lambda w, u: {"pk": w.session.pk},
    "mentoring:feedback": lambda w, u: {"pk": w.session.pk},
    "mentoring:*": lambda w, u: {"pk": w.match.pk},
    "mentoring_admin:decide": lambda w, u: {"pk": w.match.pk},
    "mentoring_admin:propose": lambda w, u: {"pk": w.mentoring_request.pk},
    "notifications_feed": lambda w, u: {"token": w.feed.token},
    "notifications_retry": lambda w, u: {"pk": w.notification.pk},
    "account_confirm_email": lambda w, u: {"key": w.confirm_key},
    "account_reset_password_from_key": lambda w, u: {"uidb36": w.reset_uid, "key": w.reset_key},
    "public_page": lambda w, u: {"_0": ""},
    "wagtail_serve": lambda w, u: {"_0": ""},
    "wagtailcore_authenticate_with_password": lambda w, u: {
        "page_view_restriction_id": w.page_restriction.pk,
        "page_id": w.private.pk,
    },
    "wagtaildocs_serve": lambda w, u: {"_0": w.document.pk, "_1": w.document.filename},
    "wagtaildocs_authenticate_with_password": lambda w, u: {
        "restriction_id": w.collection_restriction.pk
    },
    "wagtailadmin_password_reset_confirm": lambda w, u: {"uidb64": "MQ", "token": "set-password"},
    "wagtailadmin_pages:revisions_compare": lambda w, u: {
        "pk": w.news.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    },
    "wagtailadmin_pages:*workflow*": lambda w, u: {
        "page_id": w.moderated.pk,
        "action_name": "approve",
        "task_state_id": w.task_state.pk,
        "task_id": w.task.pk,
        "workflow_state_id": w.workflow_state.pk,
    },
    "wagtailadmin_pages:type_use*": lambda w, u: {
        "content_type_app_name": "home",
        "content_type_model_name": "standardpage",
    },
    "wagtailadmin_pages:choose_parent": lambda w, u: {
        "app_label": "home",
        "model_name": "standardpage",
    },
    "wagtailadmin_pages:move_confirm": lambda w, u: {
        "page_to_move_id": w.news.pk,
        "destination_id": w.tree.home.pk,
    },
    "wagtailadmin_api:pages:action": lambda w, u: {"pk": w.news.pk, "action_name": "copy"},
    "wagtailadmin_api:pages:*": lambda w, u: {"pk": w.news.pk},
    "wagtailadmin_api:documents:*": lambda w, u: {"pk": w.document.pk},
    "wagtailadmin_api:images:*": lambda w, u: {"pk": w.image.pk},
    "wagtail_bulk_action": lambda w, u: {
        "app_label": "wagtailcore",
        "model_name": "page",
        "action": "delete",
        "?": f"id={w.news.pk}",
    },
    "wagtailadmin_tag_model_autocomplete": lambda w, u: {"app_name": "taggit", "model_name": "tag"},
    "wagtailadmin_editing_sessions:ping": lambda w, u: {
        "app_label": "wagtailcore",
        "model_name": "page",
        "object_id": w.news.pk,
        "session_id": w.editing_session.pk,
    },
    "wagtailadmin_editing_sessions:release": lambda w, u: {"session_id": w.editing_session.pk},
    "wagtailadmin_workflows:add_task": lambda w, u: {
        "app_label": "wagtailcore",
        "model_name": "groupapprovaltask",
    },
    "wagtailadmin_workflows:*_task": lambda w, u: {"pk": w.task.pk},
    "wagtailadmin_workflows:remove": lambda w, u: {
        "page_pk": w.moderated.pk,
        "workflow_pk": w.workflow.pk,
    },
    "wagtailadmin_workflows:*": lambda w, u: {"pk": w.workflow.pk},
    "wagtailsettings:*": lambda w, u: {
        "app_name": "home",
        "model_name": "housesettings",
        "pk": w.site.pk,
    },
    "simple_translation:submit_snippet_translation": lambda w, u: {
        "app_label": "events",
        "model_name": "event",
        "pk": w.event.pk,
    },
    "wagtaildocs_chooser:chosen_multiple": lambda w, u: {"?": f"id={w.document.pk}"},
    "wagtaildocs_chooser:*": lambda w, u: {"pk": w.document.pk},
    "*chooser*:chosen_multiple": lambda w, u: {"?": f"id={w.rows[u.model].pk}"},
}

# By argument name, for whatever ARGS_BY_URL left open.
ARGS_BY_NAME = {
    "page_id": lambda w: w.news.pk,
    "parent_page_id": lambda w: w.tree.home.pk,
    "page_to_move_id": lambda w: w.news.pk,
    "revision_id": lambda w: w.news.latest_revision_id,
    "content_type_app_name": lambda w: "home",
    "content_type_model_name": lambda w: "standardpage",
    "image_id": lambda w: w.image.pk,
    "document_id": lambda w: w.document.pk,
    "doc_id": lambda w: w.document.pk,
    "uploaded_file_id": lambda w: w.uploaded.pk,
    "filter_spec": lambda w: "fill-100x100",
    "collection_id": lambda w: w.collection.pk,
    "redirect_id": lambda w: w.redirect.pk,
    "task_id": lambda w: w.task.pk,
}


def url_path(url, w, replace=None):
    """The concrete path (and query string) to request for a URL pattern; ``replace`` puts
    other text (already quoted for a path) in place of some arguments."""
    values = {}
    for pattern, make in ARGS_BY_URL.items():
        if url.name and fnmatch.fnmatchcase(url.name, pattern):
            values = dict(make(w, url))
            break
    query = values.pop("?", "")
    for param in url.params:
        if param in values:
            continue
        if param in ARGS_BY_NAME:
            values[param] = ARGS_BY_NAME[param](w)
        elif param == "pk" and url.model is not None:
            row = w.rows.get(url.model) or url.model._default_manager.order_by("pk").first()
            if row is None:
                raise LookupError(f"no fixture row of {url.model._meta.label}: add one in world")
            values[param] = row.pk
    values.update(replace or {})
    missing = [p for p in url.params if p not in values]
    if missing:
        raise LookupError(f"no value for {', '.join(missing)}: add it to ARGS_BY_URL")
    for pattern, params in normalize(url.regex):
        if set(params) <= set(values):
            path = "/" + pattern % {k: str(v) for k, v in values.items()}
            return path + (f"?{query}" if query else "")
    raise LookupError(f"cannot build a path from {url.regex!r}")


@contextmanager
def quiet(*names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@contextmanager
def built_world(django_db_blocker, media_root):
    """The fixture rows and the URLs, built once inside a transaction that is rolled back.

    Files go to ``media_root`` on disk, as in production (documents are served from a path);
    nothing is mailed (the outbox hands no row to a worker) and the request log stays quiet."""
    from notifications.tasks import notifications_send_batch

    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES=storages, MEDIA_ROOT=str(media_root)),
        mock.patch.object(notifications_send_batch, "delay"),
        quiet("django.request", "django.security", "wagtail"),
        transaction.atomic(),
    ):
        w = build_world()
        w.urls = enumerate_urls()
        yield w
        transaction.set_rollback(True)
