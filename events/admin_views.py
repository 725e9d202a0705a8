"""Staff-only Wagtail admin views: attendance overview, registrations (search, waitlist,
CSV export), check-in at the door, and cancelling an event."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.services import is_house_staff
from grunderhus.exports import csv_response

from . import selectors, services
from .forms import StaffSearchForm
from .models import Event, Registration


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_house_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def managers_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from .wagtail_hooks import is_events_manager

        if not is_events_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_only
def overview(request):
    paginator = Paginator(selectors.events_for_staff(), 30)
    events = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "events/admin/overview.html",
        {"events": events, "page_title": _("Registrations and check-in"), "header_icon": "group"},
    )


@staff_only
def registrations(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = StaffSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    regs = selectors.registrations_for_staff(event=event, query=query)
    if request.GET.get("format") == "csv":
        return _csv(event, regs)
    paginator = Paginator(regs, 100)
    return render(
        request,
        "events/admin/registrations.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "registrations": paginator.get_page(request.GET.get("page")),
            "waitlist": selectors.waitlist_for_staff(event=event),
            "counts": selectors.attendance_counts(event=event),
            "csv_url": reverse("events_admin:registrations", args=[event.pk])
            + "?"
            + urlencode({"format": "csv", "q": query}),
            "page_title": _("Registrations"),
            "page_subtitle": str(event),
            "header_icon": "group",
        },
    )


def _csv(event, regs):
    header = [
        _("Name"),
        _("E-mail address"),
        _("Organisation"),
        _("Member"),
        _("Status"),
        _("Registered"),
        _("Checked in"),
    ]
    rows = (
        [
            r.name,
            r.email,
            r.organisation,
            _("yes") if r.user_id else _("no"),
            r.get_status_display(),
            timezone.localtime(r.registered_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(r.attended_at).strftime("%Y-%m-%d %H:%M") if r.attended_at else "",
        ]
        for r in regs
    )
    return csv_response(f"{event.slug}-pameldinger.csv", header, rows)


@staff_only
def check_in(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = StaffSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    return render(
        request,
        "events/admin/check_in.html",
        {
            "event": event,
            "form": form,
            "query": query,
            "people": selectors.check_in_list(event=event, query=query),
            "counts": selectors.attendance_counts(event=event),
            "page_title": _("Check-in"),
            "page_subtitle": str(event),
            "header_icon": "tick",
        },
    )


@staff_only
@require_POST
def check_in_toggle(request, pk, registration_pk):
    registration = get_object_or_404(Registration, pk=registration_pk, event_id=pk)
    try:
        if request.POST.get("action") == "undo":
            services.registration_check_in_undo(registration=registration, by=request.user)
            messages.success(
                request, _("Check-in undone for %(name)s.") % {"name": registration.name}
            )
        else:
            services.registration_check_in(registration=registration, by=request.user)
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    except services.RegistrationError as exc:
        messages.error(request, exc.message)
    url = reverse("events_admin:check_in", args=[pk])
    # The search the list was showing, to show it again after the click.
    search = StaffSearchForm(request.POST)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    return redirect(
        f"{url}?{urlencode({'q': query})}#person-{registration.pk}"
        if query
        else f"{url}#person-{registration.pk}"
    )


@managers_only
@require_http_methods(["GET", "POST"])
def cancel_event(request, pk):
    event = get_object_or_404(Event, pk=pk)
    if request.method == "POST":
        services.event_cancel(event=event)
        messages.success(request, _("The event is cancelled and everyone registered is told."))
        return redirect("wagtailsnippets_events_event:list")
    return render(
        request,
        "events/admin/cancel_event.html",
        {
            "event": event,
            "counts": selectors.attendance_counts(event=event),
            "page_title": _("Cancel event"),
            "page_subtitle": str(event),
            "header_icon": "warning",
        },
    )


urlpatterns = [
    path("", overview, name="overview"),
    path("<int:pk>/pameldinger/", registrations, name="registrations"),
    path("<int:pk>/innsjekk/", check_in, name="check_in"),
    path("<int:pk>/innsjekk/<int:registration_pk>/", check_in_toggle, name="check_in_toggle"),
    path("<int:pk>/avlys/", cancel_event, name="cancel_event"),
]
