"""One definition of house staff: ``is_house_staff`` for a person, ``house_staff()`` for a
queryset, and every admin permission policy answering "who may" the way it answers "may they".
``is_staff`` is Wagtail's admin flag, which editors hold too: it makes nobody staff."""

import re
from pathlib import Path

import pytest
from wagtail.permissions import policy_registry

from community import roles
from community.models import Desk, Startup
from community.selectors import house_staff
from community.services import is_house_staff, roles_ensure
from events.models import Event
from mentoring.models import ConflictOfInterest
from notifications.models import Notification
from tests.factories.community import UserFactory

pytestmark = pytest.mark.django_db


def _with_roles(*names, **fields):
    user = UserFactory(**fields)
    groups = roles_ensure()
    user.groups.add(*(groups[name] for name in names))
    return user


@pytest.fixture
def people():
    people = {
        "plain": UserFactory(),
        "flag only": UserFactory(is_staff=True),  # admin flag without any role
        "editor": UserFactory(role=roles.EDITOR),
        "editor and mentor": _with_roles(roles.EDITOR, roles.MENTOR, is_staff=True),
        "mentor": UserFactory(role=roles.MENTOR),
        "member": UserFactory(role=roles.ENTREPRENEUR),
        "staff": UserFactory(role=roles.STAFF),
        "staff and mentor": _with_roles(roles.STAFF, roles.MENTOR, is_staff=True),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "superuser in groups": _with_roles(
            roles.EDITOR, roles.MENTOR, is_superuser=True, is_staff=True
        ),
        "inactive staff": UserFactory(role=roles.STAFF, is_active=False),
        "inactive superuser": UserFactory(is_superuser=True, is_staff=True, is_active=False),
    }
    assert people["editor"].is_staff  # what made editors count as staff
    return people


def test_the_queryset_and_the_rule_agree(people):
    expected = {name for name, user in people.items() if is_house_staff(user)}
    assert expected == {"staff", "staff and mentor", "superuser", "superuser in groups"}
    found = list(house_staff())
    assert len(found) == len(set(found))  # each person once, however many groups they hold
    assert {name for name, user in people.items() if user in found} == expected


POLICIES = [Desk, Startup, Event, ConflictOfInterest, Notification]
ACTIONS = [["add"], ["change"], ["view"], ["choose"], ["delete"], ["add", "change", "delete"]]


@pytest.mark.parametrize("model", POLICIES, ids=lambda m: m.__name__)
@pytest.mark.parametrize("actions", ACTIONS, ids="+".join)
def test_each_policy_names_exactly_the_people_it_lets_in(people, model, actions):
    policy = policy_registry.get_by_type(model)
    may = {
        name
        for name, user in people.items()
        if any(policy.user_has_permission(user, action) for action in actions)
    }
    listed = list(policy.users_with_any_permission(actions))
    assert len(listed) == len(set(listed))
    assert {name for name, user in people.items() if user in listed} == may


@pytest.mark.parametrize("model", [Desk, Startup, ConflictOfInterest, Notification])
def test_staff_policies_list_house_staff_not_editors(people, model):
    listed = set(policy_registry.get_by_type(model).users_with_any_permission(["view"]))
    names = {name for name, user in people.items() if user in listed}
    assert names == {"staff", "staff and mentor", "superuser", "superuser in groups"}


def test_events_are_kept_by_editors_too_but_deleted_by_superusers_only(people):
    policy = policy_registry.get_by_type(Event)
    change = {
        n for n, u in people.items() if u in set(policy.users_with_any_permission(["change"]))
    }
    assert change == {
        "editor",
        "editor and mentor",
        "staff",
        "staff and mentor",
        "superuser",
        "superuser in groups",
    }
    delete = {
        n for n, u in people.items() if u in set(policy.users_with_any_permission(["delete"]))
    }
    assert delete == {"superuser", "superuser in groups"}


# Where the admin flag is kept in step with the roles; everywhere else it decides nothing.
_FLAG_KEPT_IN = {"community/managers.py", "community/models.py", "community/services.py"}
# A read of the flag, or a query on it (``filter(is_staff=True)``); setting it is fine.
_FLAG_READ = re.compile(r"\.is_staff\b(?!\s*=[^=])|(?<![.\w])is_staff=True\b")


def test_no_permission_is_decided_by_the_admin_flag():
    """``is_staff`` lets editors into Wagtail; asking it "is this staff?" lets them in
    everywhere else too. Ask ``is_house_staff`` or ``house_staff()`` instead."""
    root = Path(__file__).resolve().parents[2]
    packages = [d for d in root.iterdir() if (d / "__init__.py").is_file() and d.name != "tests"]
    offenders = []
    for package in packages:
        for path in package.rglob("*.py"):
            name = path.relative_to(root).as_posix()
            if name in _FLAG_KEPT_IN or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _FLAG_READ.search(line):
                    offenders.append(f"{name}:{number}: {line.strip()}")
    assert offenders == []
    assert _FLAG_READ.search("    if request.user.is_staff:")
    assert _FLAG_READ.search("User.objects.filter(is_active=True, is_staff=True)")
    assert _FLAG_READ.search('    Q(is_staff=True) | Q(groups__name="staff")')
    assert not _FLAG_READ.search("        user.is_staff = True")
