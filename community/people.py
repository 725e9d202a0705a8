"""People for house staff: who is who, what they hold, and what other apps know about them.

Community knows no feature app. Mentoring and events add columns to the "Members and roles"
pages through ``register_person_facts`` (in their AppConfig.ready()): ``fetch(user_ids)``
answers for a whole page of people with one query, so a page's query count does not grow with
the number of people on it. Staff pages that belong to a feature app but sit among the people
pages (inviting a mentor) come in through ``register_people_action``.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import RoleChange, SeatAllocation, SeatApplication, User

# --- Registries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFact:
    key: str
    label: str
    # fetch(user_ids) -> {user_id: value}; one query for all the ids; people without a value
    # are left out of the answer.
    fetch: Callable[[list[int]], dict[int, Any]]
    order: int = 100


@dataclass(frozen=True)
class PeopleAction:
    """A staff page of a feature app under /admin/personer/<route>, linked from the index."""

    name: str
    route: str
    label: str
    view: Callable
    order: int = 100


_facts: dict[str, PersonFact] = {}
_actions: dict[str, PeopleAction] = {}


def register_person_facts(key: str, label: str, fetch, *, order: int = 100) -> None:
    _facts[key] = PersonFact(key=key, label=label, fetch=fetch, order=order)


def register_people_action(name: str, route: str, view, label: str, *, order: int = 100) -> None:
    _actions[name] = PeopleAction(name=name, route=route, label=label, view=view, order=order)


def person_facts() -> list[PersonFact]:
    return sorted(_facts.values(), key=lambda f: (f.order, f.key))


def people_actions() -> list[PeopleAction]:
    return sorted(_actions.values(), key=lambda a: (a.order, a.name))


# --- Reads -----------------------------------------------------------------------------------

MEMBERS, ALUMNI, MENTORS, EDITORS, STAFF, APPLICANTS, EVERYONE = (
    "members",
    "alumni",
    "mentors",
    "editors",
    "staff",
    "applicants",
    "all",
)

SHOW_CHOICES = [
    (MEMBERS, _("Members")),
    (ALUMNI, _("Alumni")),
    (MENTORS, _("Mentors")),
    (EDITORS, _("Editors")),
    (STAFF, _("House staff")),
    (APPLICANTS, _("Applicants")),
    (EVERYONE, _("Everyone")),
]

_BY_GROUP = {
    MEMBERS: roles.ENTREPRENEUR,
    ALUMNI: roles.ALUMNUS,
    MENTORS: roles.MENTOR,
    EDITORS: roles.EDITOR,
}


def _with_details(users: QuerySet, *, today: datetime.date) -> QuerySet:
    """Roles, startups and the desk held today (``current_allocations``), prefetched."""
    current = (
        SeatAllocation.objects.filter(status=SeatAllocation.Status.ACTIVE, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .select_related("desk")
    )
    return users.prefetch_related(
        "groups",
        "startups",
        Prefetch("seat_allocations", queryset=current, to_attr="current_allocations"),
    )


def people_list(*, show: str = MEMBERS, query: str = "", today: datetime.date) -> QuerySet:
    """People of one kind (members by default), found by name, e-mail or startup, with their
    roles, startups and current desk prefetched: a fixed number of queries for any page."""
    ids = User.objects.all()
    if show in _BY_GROUP:
        ids = ids.filter(groups__name=_BY_GROUP[show])
    elif show == STAFF:
        ids = ids.filter(Q(groups__name=roles.STAFF) | Q(is_superuser=True))
    elif show == APPLICANTS:
        # Someone with an application still alive who does not hold a desk yet.
        ids = ids.filter(seat_applications__status__in=SeatApplication.OPEN).exclude(
            groups__name=roles.ENTREPRENEUR
        )
    query = query.strip()
    if query:
        ids = ids.filter(
            Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(startups__name__icontains=query)
        )
    return _with_details(User.objects.filter(pk__in=ids.values("pk")), today=today).order_by(
        "full_name", "email", "pk"
    )


def person_for_staff(*, pk: int, today: datetime.date) -> User:
    return get_object_or_404(_with_details(User.objects.all(), today=today), pk=pk)


def desk_history_of(*, user) -> QuerySet:
    """Every desk allocation and offer the person had, newest first (rows are never deleted)."""
    return (
        SeatAllocation.objects.filter(member=user)
        .select_related("desk", "startup", "created_by", "ended_by")
        .order_by("-start", "-pk")
    )


def role_changes_of(*, user) -> QuerySet:
    return RoleChange.objects.filter(user=user).select_related("by").order_by("-at", "-pk")


def role_labels(user) -> list[str]:
    """The house roles a person holds, in the order roles are listed (groups prefetched)."""
    held = {g.name for g in user.groups.all()}
    labels = [str(label) for name, label in roles.ROLES.items() if name in held]
    if user.is_superuser:
        labels.append(str(_("Superuser")))
    return labels


@dataclass
class PersonRow:
    user: User
    startups: list = field(default_factory=list)
    desk: Any = None
    facts: list = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


def people_rows(users: Iterable[User]) -> tuple[list[PersonFact], list[PersonRow]]:
    """One row per person with the registered facts, each fact fetched once for all of them."""
    users = list(users)
    ids = [u.pk for u in users]
    facts = person_facts()
    values = {f.key: (f.fetch(ids) if ids else {}) for f in facts}
    rows = []
    for user in users:
        current = getattr(user, "current_allocations", [])
        rows.append(
            PersonRow(
                user=user,
                startups=list(user.startups.all()),
                desk=current[0].desk if current else None,
                facts=[values[f.key].get(user.pk) for f in facts],
                roles=role_labels(user),
            )
        )
    return facts, rows
