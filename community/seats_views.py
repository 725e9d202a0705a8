"""Public and 'Min side' pages for seats: apply, see and withdraw an application, answer an
offer, and the startup directory."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .seats_forms import SeatApplyForm


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_http_methods(["GET", "POST"])
def seat_apply(request):
    existing = selectors.open_application_of(user=request.user)
    if existing is not None:
        return render(request, "community/seats/apply_closed.html", {"application": existing})
    form = SeatApplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                startup = data.get("startup") or services.startup_create(
                    name=data["startup_name"],
                    org_number=data["org_number"],
                    sector=data["sector"],
                    stage=data["stage"],
                    website=data["website"],
                    description=data["description"],
                    members=[request.user],
                )
                application = services.seat_application_submit(
                    applicant=request.user,
                    startup=startup,
                    motivation=data["motivation"],
                    desired_start=data["desired_start"],
                    guidance_topics=data["guidance_topics"],
                )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you! Your application is received. Follow it on My page.")
            )
            return redirect("seat_application_detail", pk=application.pk)
    return render(request, "community/seats/apply.html", {"form": form})


@login_required
def seat_application_detail(request, pk):
    application = selectors.application_of(user=request.user, pk=pk)
    return render(
        request,
        "community/seats/application_detail.html",
        {
            "application": application,
            "can_withdraw": application.status in application.WITHDRAWABLE,
        },
    )


@login_required
@require_POST
def seat_application_withdraw(request, pk):
    application = selectors.application_of(user=request.user, pk=pk)
    try:
        services.seat_application_withdraw(application=application, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("seat_application_detail", pk=application.pk)


@login_required
@require_POST
def seat_offer_respond(request, pk):
    offer = selectors.offer_of(user=request.user, pk=pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.seat_offer_respond(offer=offer, accept=accept, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if accept:
            messages.success(
                request,
                _("Welcome! Desk %(code)s is yours from %(start)s.")
                % {"code": offer.desk.code, "start": offer.start.strftime("%d.%m.%Y")},
            )
        else:
            messages.success(request, _("You have declined the offer."))
    return redirect("dashboard")


def startup_directory(request):
    return render(
        request,
        "community/seats/directory.html",
        {
            "startups": selectors.startups_directory(),
            "occupancy": selectors.occupancy_on(day=timezone.localdate()),
        },
    )
