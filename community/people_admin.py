"""The staff's "Members and roles" pages in the Wagtail admin: everyone in the house with
what other apps know about them, one person's roles, desks and role log, and the mentor and
editor roles granted or revoked with a reason. House staff only; anybody else gets 403."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import people, roles
from .people_forms import PeopleFilterForm, RoleChangeForm
from .seats_admin import _add_errors as errors_to_form
from .services import is_house_staff, role_grant, role_revoke

PAGE_SIZE = 50


def house_staff_only(view):
    """House staff only. Wagtail sends people without admin access to the login before this
    runs; an admin user who is no house staff (an editor) gets a plain 403 page, not
    Wagtail's redirect to the dashboard."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_house_staff(request.user):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return render(
                request,
                "community/people/admin/forbidden.html",
                {"page_title": _("Members and roles"), "header_icon": "group"},
                status=403,
            )
        return view(request, *args, **kwargs)

    return wrapper


def admin_context(title, **extra):
    """What every people page gives the admin base template."""
    return {
        "page_title": title,
        "header_icon": "group",
        "people_actions": people.people_actions(),
        **extra,
    }


@house_staff_only
def index(request):
    form = PeopleFilterForm(request.GET or None)
    show, query = form.filters()
    queryset = people.people_list(show=show, query=query, today=timezone.localdate())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    facts, rows = people.people_rows(page.object_list)
    return render(
        request,
        "community/people/admin/index.html",
        admin_context(
            _("Members and roles"),
            form=form,
            show=show,
            show_label=dict(people.SHOW_CHOICES)[show],
            query=query,
            page_obj=page,
            facts=facts,
            rows=rows,
            extra=urlencode({"show": show, "q": query}),
        ),
    )


def _role_overview(person, *, by):
    """Each house role, whether the person holds it and how it is changed."""
    held = {g.name for g in person.groups.all()}
    rows = []
    for name, label in roles.ROLES.items():
        if name in roles.DERIVED_ROLES:
            how = _("Derived: follows the desk allocations.")
        elif name == roles.STAFF:
            how = _("Granted by a superuser in Users.")
            if by.is_superuser:
                how += " " + _("As a superuser you can also change it here.")
        else:
            how = _("Granted and revoked by house staff, with a reason.")
        rows.append({"name": name, "label": label, "held": name in held, "how": how})
    return rows


@house_staff_only
@require_http_methods(["GET", "POST"])
def person(request, pk):
    today = timezone.localdate()
    person = people.person_for_staff(pk=pk, today=today)
    form = RoleChangeForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        grant = form.cleaned_data["action"] == RoleChangeForm.GRANT
        try:
            (role_grant if grant else role_revoke)(
                user=person, role=role, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        except PermissionDenied:
            form.add_error("role", _("Only a superuser can change the staff role."))
        else:
            text = (
                _("%(name)s now has the role %(role)s.")
                if grant
                else _("%(name)s no longer has the role %(role)s.")
            )
            messages.success(request, text % {"name": person, "role": roles.ROLES[role]})
            return redirect("people_admin:person", pk=person.pk)
    facts, rows = people.people_rows([person])
    return render(
        request,
        "community/people/admin/person.html",
        admin_context(
            _("Members and roles"),
            page_subtitle=str(person),
            person=person,
            row=rows[0],
            facts=list(zip(facts, rows[0].facts, strict=True)),
            role_overview=_role_overview(person, by=request.user),
            desk_history=people.desk_history_of(user=person),
            role_changes=people.role_changes_of(user=person),
            form=form,
            today=today,
        ),
    )


def get_urlpatterns():
    """The people pages and those feature apps registered among them (read at URL load)."""
    return [
        path("", index, name="index"),
        path("<int:pk>/", person, name="person"),
        *(
            path(action.route, house_staff_only(action.view), name=action.name)
            for action in people.people_actions()
        ),
    ]
