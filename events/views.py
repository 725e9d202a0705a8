"""Public event views: the event page (served by EventIndexPage), confirm and cancel by link,
and the calendar files. Views parse input, call one service or selector, and render."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import calendar, selectors, services
from .forms import GuestRegistrationForm
from .models import Registration


@require_http_methods(["GET", "HEAD", "POST"])
def event_page(request, *, index_page, slug):
    """GET shows the event; POST registers (one click for members, a form for guests)."""
    event = index_page.get_event_or_404(slug)
    form = GuestRegistrationForm(request.POST or None, prefix="guest")
    status = 200
    if request.method == "POST":
        if request.user.is_authenticated:
            return _register_member(request, event)
        if form.is_valid():
            try:
                services.registration_create(
                    event=event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    language=get_language(),
                )
            except services.RegistrationError as exc:
                form.add_error(None, exc.message)
            else:
                return render(
                    request,
                    "events/guest_check_email.html",
                    {"event": event, "email": form.cleaned_data["email"]},
                )
        status = 400
    context = index_page.get_context(request)
    context.update(
        {
            "event": event,
            "form": form,
            "places_left": selectors.places_left(event),
            "registration_open": event.registration_is_open(),
            "my_registration": selectors.registration_for_user(event=event, user=request.user),
            "is_member": services.user_is_member(request.user),
            "now": timezone.now(),
        }
    )
    if context["my_registration"]:
        context["my_position"] = selectors.waitlist_position(
            registration=context["my_registration"]
        )
    return TemplateResponse(request, "events/event_detail.html", context, status=status)


@require_POST
def member_register(request, slug):
    """A member's one click on the event page: register, then back to the page with the
    outcome (a place, or the place in the queue) as a message."""
    event = selectors.event_for_registration(slug=slug)
    if event is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(event.get_absolute_url())
    return _register_member(request, event)


def _register_member(request, event):
    try:
        registration = services.registration_create(event=event, user=request.user)
    except services.RegistrationError as exc:
        messages.error(request, exc.message)
    else:
        _flash_placed(request, registration)
    return redirect(event.get_absolute_url())


def _flash_placed(request, registration):
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation is on its way by e-mail."))
    else:
        position = selectors.placed_position(registration=registration)
        messages.warning(
            request,
            _(
                "The event is full. You are number %(position)s on the waiting list; we will "
                "e-mail you if a place becomes free."
            )
            % {"position": position},
        )


def _invalid_link(request):
    return render(request, "events/invalid_link.html", status=404)


@require_http_methods(["GET", "POST"])
def guest_confirm(request, token):
    """The e-mail link opens a page; only the POST confirms (mail scanners follow links)."""
    registration = selectors.registration_by_token(token=token)
    if registration is None or registration.user_id is not None:
        return _invalid_link(request)
    error = None
    if request.method == "POST":
        try:
            registration = services.registration_confirm_guest(token=token)
        except services.RegistrationError as exc:
            if exc.code in ("bad_token", "expired"):
                return _invalid_link(request)
            error = exc.message
        else:
            _flash_placed(request, registration)
            return redirect("events:registration_manage", token=registration.token)
    return render(
        request,
        "events/guest_confirm.html",
        {"registration": registration, "event": registration.event, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def registration_manage(request, token):
    """See one's registration by its secret link; only the POST cancels."""
    registration = selectors.registration_by_token(token=token)
    if registration is None or registration.status == Registration.Status.PENDING:
        return _invalid_link(request)
    error = None
    if request.method == "POST":
        try:
            registration = services.registration_cancel(registration=registration)
        except services.RegistrationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your registration is cancelled."))
            return redirect("events:registration_manage", token=registration.token)
    return render(
        request,
        "events/registration_manage.html",
        {
            "registration": registration,
            "event": registration.event,
            "position": selectors.waitlist_position(registration=registration),
            "can_cancel": registration.status
            in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
            and registration.event.end > timezone.now(),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
def event_ics(request, slug):
    event = selectors.event_public(slug=slug)
    if event is None:
        raise Http404
    response = HttpResponse(calendar.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
def public_feed(request):
    events = selectors.events_for_public_feed()
    response = HttpResponse(
        calendar.events_feed(events), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="arrangementer.ics"'
    return response
