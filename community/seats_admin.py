"""Staff-only Wagtail admin views for seats: the application queue and waiting list, one
application (notes, decision, offer), the desk map, allocating, moving and ending, occupancy."""

import datetime
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .models import SeatApplication
from .seats_forms import AllocateForm, DecisionForm, EndForm, MapDateForm, MoveForm, StaffNotesForm
from .seats_svg import desk_map_svg, occupancy_chart_svg


def staff_only(view):
    """Only house staff see the queue and staff notes and allocate desks."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not services.is_house_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _ctx(title, **extra):
    return {"page_title": title, "header_icon": "table", **extra}


@staff_only
def queue(request):
    today = timezone.localdate()
    return render(
        request,
        "community/seats/admin/queue.html",
        _ctx(
            _("Seat applications"),
            queue=selectors.applications_queue(),
            waitlist=selectors.waitlist(),
            accepted=selectors.accepted_without_seat(today=today),
            occupancy=selectors.occupancy_on(day=today),
        ),
    )


@staff_only
@require_http_methods(["GET", "POST"])
def application(request, pk):
    app = selectors.application_for_staff(pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    notes_form = StaffNotesForm(request.POST if action == "notes" else None, instance=app)
    decision_form = DecisionForm(request.POST if action == "decide" else None)
    if action == "review":
        services.seat_application_review(application=app, by=request.user)
        return redirect("seats_admin:application", pk=app.pk)
    if action == "notes" and notes_form.is_valid():
        notes_form.save()
        messages.success(request, _("Notes saved."))
        return redirect("seats_admin:application", pk=app.pk)
    if action == "decide" and decision_form.is_valid():
        try:
            services.seat_application_decide(
                application=app,
                decision=decision_form.cleaned_data["decision"],
                message=decision_form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as exc:
            _add_errors(decision_form, exc)
        else:
            messages.success(request, _("Decision saved and e-mailed to the applicant."))
            return redirect("seats_admin:application", pk=app.pk)
    return render(
        request,
        "community/seats/admin/application.html",
        _ctx(
            _("Seat application"),
            page_subtitle=str(app),
            application=app,
            notes_form=notes_form,
            decision_form=decision_form,
            can_decide=app.status
            in (
                SeatApplication.Status.SUBMITTED,
                SeatApplication.Status.IN_REVIEW,
                SeatApplication.Status.WAITLISTED,
            ),
            allocate_url=reverse("seats_admin:allocate") + "?" + urlencode({"application": pk}),
        ),
    )


OFFER_WARNING = datetime.timedelta(hours=48)


def work_items(request):
    """The staff start page's seat items: applications to review, offers about to lapse."""
    from notifications.templatetags.notification_tags import oslo_format

    from .staff_work import WorkItem, WorkLink

    waiting, oldest = selectors.applications_waiting(limit=3)
    expiring, soonest = selectors.offers_expiring(now=timezone.now(), within=OFFER_WARNING)
    queue_url = reverse("seats_admin:queue")
    return [
        WorkItem(
            label=_("Seat applications to review"),
            count=waiting,
            url=queue_url,
            links=[
                WorkLink(
                    label=f"{a.applicant.full_name} – {a.startup.name}",
                    url=reverse("seats_admin:application", args=[a.pk]),
                    detail=(
                        _("in review, submitted %(when)s")
                        if a.status == SeatApplication.Status.IN_REVIEW
                        else _("submitted %(when)s")
                    )
                    % {"when": oslo_format(a.submitted_at)},
                )
                for a in oldest
            ],
        ),
        WorkItem(
            label=_("Desk offers expiring within 48 hours"),
            count=expiring,
            url=queue_url + "#waitlist-heading",
            links=[
                WorkLink(
                    label=_("Desk %(code)s – %(name)s")
                    % {"code": o.desk.code, "name": o.member.full_name},
                    url=reverse("seats_admin:allocation", args=[o.pk]),
                    detail=_("answer by %(when)s") % {"when": oslo_format(o.offer_deadline)},
                )
                for o in soonest
            ],
        ),
    ]


def _day_from(request):
    form = MapDateForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("day"):
        day = form.cleaned_data["day"]
    return form, day


@staff_only
def desk_map(request):
    form, day = _day_from(request)
    states = selectors.desk_states_on(day=day)
    links = {}
    for s in states:
        if s.allocation is not None:
            links[s.desk.pk] = reverse("seats_admin:allocation", args=[s.allocation.pk])
        elif s.state == selectors.FREE:
            links[s.desk.pk] = (
                reverse("seats_admin:allocate")
                + "?"
                + urlencode({"desk": s.desk.pk, "start": day.isoformat()})
            )
    counts = {
        key: sum(1 for s in states if s.state == key)
        for key in (selectors.FREE, selectors.OCCUPIED, selectors.RESERVED, selectors.INACTIVE)
    }
    return render(
        request,
        "community/seats/admin/desk_map.html",
        _ctx(
            _("Desk map"),
            form=form,
            day=day,
            states=states,
            links=links,
            counts=counts,
            svg=desk_map_svg(states=states, links=links, day=day),
        ),
    )


@staff_only
@require_http_methods(["GET", "POST"])
def allocate(request):
    initial = {"start": timezone.localdate()}
    for key in ("desk", "application", "start"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = AllocateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        app = data["application"]
        try:
            if data["offer_deadline"]:
                allocation = services.seat_offer_make(
                    application=app,
                    desk=data["desk"],
                    start=data["start"],
                    end=data["end"],
                    deadline=data["offer_deadline"],
                    by=request.user,
                )
            else:
                allocation = services.seat_allocate(
                    desk=data["desk"],
                    member=app.applicant,
                    startup=app.startup,
                    application=app,
                    start=data["start"],
                    end=data["end"],
                    by=request.user,
                )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Desk %(code)s is allocated to %(name)s.")
                % {"code": allocation.desk.code, "name": app.applicant.full_name},
            )
            return redirect(
                reverse("seats_admin:map") + "?" + urlencode({"day": data["start"].isoformat()})
            )
    return render(
        request, "community/seats/admin/allocate.html", _ctx(_("Allocate a desk"), form=form)
    )


@staff_only
@require_http_methods(["GET", "POST"])
def allocation(request, pk):
    alloc = selectors.allocation_for_staff(pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    move_form = MoveForm(
        request.POST if action == "move" else None,
        initial={"on": timezone.localdate()},
        prefix="move",
    )
    end_form = EndForm(request.POST if action == "end" else None, prefix="end")
    try:
        if action == "move" and move_form.is_valid():
            new = services.seat_move(
                allocation=alloc,
                desk=move_form.cleaned_data["desk"],
                on=move_form.cleaned_data["on"],
                by=request.user,
            )
            messages.success(
                request,
                _("%(name)s moves to desk %(code)s.")
                % {"name": alloc.member.full_name, "code": new.desk.code},
            )
            return redirect("seats_admin:allocation", pk=new.pk)
        if action == "end" and end_form.is_valid():
            services.seat_allocation_end(
                allocation=alloc, end=end_form.cleaned_data["end"], by=request.user
            )
            messages.success(request, _("The allocation end date is saved."))
            return redirect("seats_admin:allocation", pk=alloc.pk)
    except ValidationError as exc:
        _add_errors(move_form if action == "move" else end_form, exc)
    return render(
        request,
        "community/seats/admin/allocation.html",
        _ctx(
            _("Seat allocation"),
            page_subtitle=str(alloc),
            allocation=alloc,
            move_form=move_form,
            end_form=end_form,
            history=selectors.desk_history(desk=alloc.desk),
        ),
    )


@staff_only
def occupancy(request):
    today = timezone.localdate()
    months = selectors.occupancy_by_month(until=today, months=12)
    return render(
        request,
        "community/seats/admin/occupancy.html",
        _ctx(
            _("Occupancy"),
            today=today,
            occupancy=selectors.occupancy_on(day=today),
            vacancies=selectors.vacancies_upcoming(today=today, days=90),
            months=months,
            chart=occupancy_chart_svg(months=months),
        ),
    )


urlpatterns = [
    path("", queue, name="queue"),
    path("soknad/<int:pk>/", application, name="application"),
    path("kart/", desk_map, name="map"),
    path("tildel/", allocate, name="allocate"),
    path("tildeling/<int:pk>/", allocation, name="allocation"),
    path("belegg/", occupancy, name="occupancy"),
]
