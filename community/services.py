"""Writes for people and roles, startups and the house's seats."""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grunderhus.db import is_deadlock

from . import roles

OSLO = ZoneInfo("Europe/Oslo")


# What the editor role may do in the CMS, on the tree root (every site and language) and on the
# root collection; deleting a page with children ("bulk_delete") stays with superusers.
_EDITOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
_EDITOR_MEDIA_ACTIONS = ("add", "change", "choose", "delete")
# Staff pick a picture for an event from the image library, nothing more.
_STAFF_IMAGE_ACTIONS = ("choose",)


def _cms_permissions(model, actions):
    from django.contrib.auth import get_permission_codename

    opts = model._meta
    return Permission.objects.filter(
        content_type__app_label=opts.app_label,
        content_type__model=opts.model_name,
        codename__in=[get_permission_codename(action, opts) for action in actions],
    )


def _cms_permissions_grant(groups):
    """Editors edit and publish every page and keep the image and document libraries; staff
    may only choose images. Adds rows (idempotent) and takes away only the model-level media
    permissions, which Wagtail's collection-based libraries never read."""
    from django.db import connection
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    image_model, document_model = get_image_model(), get_document_model()
    # ``migrate <app>`` on a new database runs this before Wagtail's tables exist.
    tables = {GroupPagePermission._meta.db_table, GroupCollectionPermission._meta.db_table}
    if not tables <= set(connection.introspection.table_names()):
        return
    model_level = [
        *_cms_permissions(image_model, _EDITOR_MEDIA_ACTIONS),
        *_cms_permissions(document_model, _EDITOR_MEDIA_ACTIONS),
    ]
    for name in (roles.EDITOR, roles.STAFF):
        groups[name].permissions.remove(*model_level)

    # The tree roots are missing only in a database that was just emptied (a test flush);
    # the rows follow on the next call, when a role is granted.
    root_page = Page.get_first_root_node()
    if root_page is not None:
        GroupPagePermission.objects.bulk_create(
            [
                GroupPagePermission(group=groups[roles.EDITOR], page=root_page, permission=perm)
                for perm in _cms_permissions(Page, _EDITOR_PAGE_ACTIONS)
            ],
            ignore_conflicts=True,
        )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        media = [
            (groups[roles.EDITOR], _cms_permissions(image_model, _EDITOR_MEDIA_ACTIONS)),
            (groups[roles.EDITOR], _cms_permissions(document_model, _EDITOR_MEDIA_ACTIONS)),
            (groups[roles.STAFF], _cms_permissions(image_model, _STAFF_IMAGE_ACTIONS)),
        ]
        GroupCollectionPermission.objects.bulk_create(
            [
                GroupCollectionPermission(group=g, collection=root_collection, permission=perm)
                for g, perms in media
                for perm in perms
            ],
            ignore_conflicts=True,
        )


def roles_ensure():
    """Every role exists as a group; staff and editors may enter the Wagtail admin, editors
    edit and publish every page and keep the image and document libraries."""
    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
        admin_access = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).first()
        if admin_access:
            for name in roles.ADMIN_ROLES:
                groups[name].permissions.add(admin_access)
        _cms_permissions_grant(groups)
    return groups


def user_create(
    *,
    email,
    full_name,
    password=None,
    preferred_language="nb",
    role=None,
    is_superuser=False,
    verified=True,
):
    """Create an account with its e-mail marked verified (staff- and demo-made accounts)."""
    from allauth.account.models import EmailAddress

    from .models import User

    with transaction.atomic():
        if is_superuser:
            user = User.objects.create_superuser(
                email=email,
                password=password,
                full_name=full_name,
                preferred_language=preferred_language,
            )
        else:
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=full_name,
                preferred_language=preferred_language,
                is_staff=role in roles.ADMIN_ROLES,
            )
        if role:
            user.groups.add(roles_ensure()[role])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": verified}
        )
    return user


def user_email_set_by_staff(*, user):
    """The address staff typed in the admin is the account's one verified login address."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
        EmailAddress.objects.update_or_create(
            user=user,
            email__iexact=user.email,
            defaults={"email": user.email, "primary": True, "verified": True},
        )
    return user


# --- People and roles -------------------------------------------------------------------------


def _role_set(*, user, role, granted: bool, by, reason: str) -> bool:
    """Add or remove one role group and log it; False when there was nothing to change."""
    from .models import RoleChange

    # The groups exist after migrate; roles_ensure (two dozen queries) only when one is missing.
    group = Group.objects.filter(name=role).first() or roles_ensure()[role]
    has = user.groups.filter(pk=group.pk).exists()
    if has == granted:
        return False
    if granted:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    RoleChange.objects.create(
        user=user,
        role=role,
        action=RoleChange.Action.GRANTED if granted else RoleChange.Action.REVOKED,
        by=by,
        reason=reason,
    )
    # The admin roles open the Wagtail admin; the flag follows the groups.
    is_staff = user.groups.filter(name__in=roles.ADMIN_ROLES).exists()
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    # Drop any cached groups so the next role check reads the new state.
    getattr(user, "_prefetched_objects_cache", {}).pop("groups", None)
    return True


def _check_grantable(*, role, by, reason):
    if role in roles.DERIVED_ROLES or role not in roles.ROLES:
        raise ValidationError(
            {"role": _("Membership follows the desk allocations and cannot be set by hand.")}
        )
    if role == roles.STAFF and not (by and by.is_superuser):
        raise PermissionDenied
    if role in roles.STAFF_GRANTED_ROLES and not (by and is_house_staff(by)):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the change.")})


def is_house_staff(user) -> bool:
    """House staff: an active superuser or an active holder of the staff role."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or roles.user_has_role(user, roles.STAFF))
    )


def _role_change(*, user, role: str, granted: bool, by, reason: str):
    _check_grantable(role=role, by=by, reason=reason)
    with transaction.atomic():
        if not _role_set(user=user, role=role, granted=granted, by=by, reason=reason.strip()):
            message = (
                _("%(name)s already has the role %(role)s.")
                if granted
                else _("%(name)s does not have the role %(role)s.")
            )
            raise ValidationError(
                message % {"name": user, "role": roles.ROLES[role]}, code="unchanged"
            )
    return user


def role_grant(*, user, role: str, by, reason: str):
    """Give a person the mentor or editor role (staff: superusers only), logged with a reason."""
    return _role_change(user=user, role=role, granted=True, by=by, reason=reason)


def role_revoke(*, user, role: str, by, reason: str):
    """Take the mentor or editor role (staff: superusers only) from a person, with a reason."""
    return _role_change(user=user, role=role, granted=False, by=by, reason=reason)


def _holds_desk(user, *, today: datetime.date) -> bool:
    from .models import SeatAllocation

    return (
        SeatAllocation.objects.filter(member=user, status=SeatAllocation.Status.ACTIVE)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .exists()
    )


MEMBERSHIP_JOINED = "joined"
MEMBERSHIP_LEFT = "left"


def membership_sync(*, user, by=None, reason: str = "", today: datetime.date | None = None):
    """A person is a member while they hold a desk (an active allocation that has not ended)
    and an alumnus once the last one has ended; returns "joined", "left" or ""."""
    today = today or timezone.localdate()
    holds = _holds_desk(user, today=today)
    is_member = roles.user_has_role(user, roles.ENTREPRENEUR)
    if holds and not is_member:
        reason = reason or _("Holds a desk in the house.")
        _role_set(user=user, role=roles.ENTREPRENEUR, granted=True, by=by, reason=reason)
        _role_set(user=user, role=roles.ALUMNUS, granted=False, by=by, reason=reason)
        return MEMBERSHIP_JOINED
    if not holds and is_member:
        reason = reason or _("The last desk allocation has ended.")
        _role_set(user=user, role=roles.ENTREPRENEUR, granted=False, by=by, reason=reason)
        _role_set(user=user, role=roles.ALUMNUS, granted=True, by=by, reason=reason)
        return MEMBERSHIP_LEFT
    return ""


def memberships_end_due(*, today: datetime.date | None = None) -> int:
    """Make alumni of members whose last allocation has ended; safe to run again (daily)."""
    from .models import User

    today = today or timezone.localdate()
    count = 0
    for user in User.objects.filter(groups__name=roles.ENTREPRENEUR).distinct():
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).exists()
            if membership_sync(user=user, today=today) == MEMBERSHIP_LEFT:
                count += 1
    return count


# --- Seats ------------------------------------------------------------------------------------
# Tests switch this off to show that the database constraint alone still refuses a double
# allocation (and, with the constraint dropped too, that the lock is what keeps it single).
USE_SEAT_LOCK = True

SEAT_ENDING_NOTICE = datetime.timedelta(days=30)
OFFER_REMINDER_BEFORE = datetime.timedelta(hours=48)


def _staff_recipients():
    from .selectors import house_staff

    return list(house_staff())


def _lock_seat_rows(*, desk, member):
    """Lock the desk and the member rows (in a fixed order) so that allocations touching either
    queue behind each other; the re-check below then sees every committed neighbour."""
    from .models import Desk, User

    if not USE_SEAT_LOCK:
        return
    list(Desk.objects.select_for_update().filter(pk=desk.pk))
    list(User.objects.select_for_update().filter(pk=member.pk))


def _integrity_to_validation(exc: IntegrityError) -> ValidationError:
    text = str(exc)
    if "member_no_overlap" in text:
        return ValidationError(
            _("This member already holds a desk in that period."), code="member_overlap"
        )
    if "desk_no_overlap" in text:
        return ValidationError(
            _(
                "The desk was just allocated to someone else for that period. Choose another "
                "desk or period."
            ),
            code="desk_overlap",
        )
    if "end_after_start" in text:
        return ValidationError(_("The end date must be after the start date."), code="end")
    raise exc


def startup_create(
    *,
    name: str,
    members: Iterable,
    org_number: str = "",
    sector: str = "other",
    stage: str = "idea",
    website: str = "",
    description: str = "",
    listed: bool = False,
):
    """Register a startup with its team; the organisation number must pass the mod-11 check."""
    from .models import Startup, normalise_org_number

    startup = Startup(
        name=name.strip(),
        org_number=normalise_org_number(org_number),
        sector=sector,
        stage=stage,
        website=website,
        description=description,
        listed=listed,
    )
    startup.full_clean()
    with transaction.atomic():
        startup.save()
        startup.members.add(*members)
    return startup


def seat_application_submit(
    *,
    applicant,
    startup,
    motivation: str,
    desired_start: datetime.date,
    guidance_topics: Iterable[str] = (),
):
    """File an application; a person may have only one open application at a time. The
    applicant gets a receipt and staff an alert (which each of them may switch off)."""
    from notifications.services import notification_send_now

    from .models import SeatApplication, User

    if not motivation.strip():
        raise ValidationError({"motivation": _("Tell us why you want a seat.")})
    with transaction.atomic():
        # Serialise one person's submissions; the partial unique constraint is the backstop.
        User.objects.select_for_update().filter(pk=applicant.pk).exists()
        if SeatApplication.objects.filter(
            applicant=applicant, status__in=SeatApplication.OPEN
        ).exists():
            raise ValidationError(
                _(
                    "You already have an open seat application. Withdraw it first if you want "
                    "to apply again."
                ),
                code="open_application",
            )
        try:
            with transaction.atomic():
                application = SeatApplication.objects.create(
                    applicant=applicant,
                    startup=startup,
                    motivation=motivation.strip(),
                    desired_start=desired_start,
                    guidance_topics=list(guidance_topics),
                )
        except IntegrityError as exc:
            raise ValidationError(
                _("You already have an open seat application."), code="open_application"
            ) from exc
        startup.members.add(applicant)
        notification_send_now(
            kind="community.seat_application_received", subject=application, recipient=applicant
        )
        for staff in _staff_recipients():
            notification_send_now(
                kind="community.seat_application_new", subject=application, recipient=staff
            )
    return application


def _application_transition(*, application, to_status, by, message=""):
    from .models import SeatApplication, SeatDecision

    locked = SeatApplication.objects.select_for_update().get(pk=application.pk)
    from_status = locked.status
    locked.status = to_status
    if to_status in (
        SeatApplication.Status.ACCEPTED,
        SeatApplication.Status.WAITLISTED,
        SeatApplication.Status.REJECTED,
    ):
        locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    SeatDecision.objects.create(
        application=locked, by=by, from_status=from_status, to_status=to_status, message=message
    )
    application.status, application.decided_at = locked.status, locked.decided_at
    return locked


def seat_application_review(*, application, by):
    """Staff pick a submitted application up: it is now in review."""
    from .models import SeatApplication

    S = SeatApplication.Status
    with transaction.atomic():
        current = SeatApplication.objects.select_for_update().get(pk=application.pk)
        if current.status != S.SUBMITTED:
            return current
        return _application_transition(application=application, to_status=S.IN_REVIEW, by=by)


def seat_application_decide(*, application, decision: str, by, message: str = ""):
    """Accept, waitlist or reject an open application; the applicant gets the message by mail."""
    from notifications.services import notification_send_now

    from .models import SeatApplication

    S = SeatApplication.Status
    if decision not in (S.ACCEPTED, S.WAITLISTED, S.REJECTED):
        raise ValidationError(_("Choose accept, waiting list or reject."), code="decision")
    with transaction.atomic():
        current = SeatApplication.objects.select_for_update().get(pk=application.pk)
        if current.status not in (S.SUBMITTED, S.IN_REVIEW, S.WAITLISTED) or (
            current.status == decision
        ):
            raise ValidationError(
                _("This application is %(status)s and cannot be decided now.")
                % {"status": current.get_status_display().lower()},
                code="status",
            )
        result = _application_transition(
            application=application, to_status=decision, by=by, message=message.strip()
        )
        notification_send_now(
            kind="community.seat_decision",
            subject=result,
            recipient=result.applicant,
            context={"decision": decision, "message": message.strip()},
        )
    return result


def seat_application_withdraw(*, application, by):
    """The applicant withdraws an application that has not been accepted or closed."""
    from .models import SeatAllocation, SeatApplication

    with transaction.atomic():
        current = SeatApplication.objects.select_for_update().get(pk=application.pk)
        if current.applicant_id != by.pk:
            raise PermissionDenied
        if current.status not in SeatApplication.WITHDRAWABLE:
            raise ValidationError(_("This application can no longer be withdrawn."), code="status")
        result = _application_transition(
            application=application, to_status=SeatApplication.Status.WITHDRAWN, by=by
        )
        # A pending offer goes with it.
        for offer in SeatAllocation.objects.filter(
            application=result, status=SeatAllocation.Status.RESERVED
        ):
            _offer_release(offer, by=by)
    return result


def _schedule_allocation_reminders(allocation):
    from notifications.services import notification_schedule, notifications_cancel_for

    from .models import SeatAllocation

    notifications_cancel_for(allocation, kind="community.seat_ending")
    if allocation.status != SeatAllocation.Status.ACTIVE or allocation.end is None:
        return
    if allocation.end <= timezone.localdate():
        return  # already over (recorded after the fact): nothing to give notice of
    due_day = allocation.end - SEAT_ENDING_NOTICE
    due_at = datetime.datetime.combine(due_day, datetime.time(9, 0), tzinfo=OSLO)
    if due_at < timezone.now():
        # Less than 30 days left when the end was set: tell them now.
        due_at = timezone.now()
    for recipient in [allocation.member, *_staff_recipients()]:
        notification_schedule(
            kind="community.seat_ending",
            subject=allocation,
            recipient=recipient,
            due_at=due_at,
            offset=f"end-{allocation.end.isoformat()}",
        )


def seat_allocate(
    *,
    desk,
    member,
    start: datetime.date,
    by,
    end: datetime.date | None = None,
    startup=None,
    application=None,
    status: str = "active",
    offer_deadline: datetime.datetime | None = None,
):
    """Put a member at a desk for ``[start, end)``: never two holders of one desk, never two
    desks for one member; the exclusion constraints refuse what the lock would miss."""
    from .models import SeatAllocation

    if end is not None and end <= start:
        raise ValidationError({"end": _("The end date must be after the start date.")})
    with transaction.atomic():
        _lock_seat_rows(desk=desk, member=member)
        desk.refresh_from_db(fields=["active"])
        if not desk.active:
            raise ValidationError(
                {
                    "desk": _("Desk %(code)s is not in use. Choose an active desk.")
                    % {"code": desk.code}
                }
            )
        overlapping = SeatAllocation.objects.filter(
            status__in=SeatAllocation.HOLDING, start__lt=end or datetime.date.max
        ).filter(Q(end__isnull=True) | Q(end__gt=start))
        taken = overlapping.filter(desk=desk).select_related("member").first()
        if taken is not None:
            raise ValidationError(
                _("Desk %(code)s is already taken from %(start)s in that period.")
                % {"code": desk.code, "start": taken.start.strftime("%d.%m.%Y")},
                code="desk_overlap",
            )
        if overlapping.filter(member=member).exists():
            raise ValidationError(
                _("This member already holds a desk in that period."), code="member_overlap"
            )
        try:
            with transaction.atomic():
                allocation = SeatAllocation.objects.create(
                    desk=desk,
                    member=member,
                    startup=startup,
                    application=application,
                    start=start,
                    end=end,
                    status=status,
                    offer_deadline=offer_deadline,
                    created_by=by,
                )
        except IntegrityError as exc:
            raise _integrity_to_validation(exc) from exc
        except OperationalError as exc:
            if not is_deadlock(exc):
                raise
            raise ValidationError(
                _(
                    "Someone else allocated a desk for this period at the same moment. "
                    "Reload the desk map and try again."
                ),
                code="concurrent",
            ) from exc
        _schedule_allocation_reminders(allocation)
        if allocation.status == SeatAllocation.Status.ACTIVE:
            _allocation_activated(allocation, by=by)
    return allocation


def _allocation_activated(allocation, *, by):
    """A desk is now held: the application is accepted, the person becomes a member, and a
    newcomer gets the welcome mail."""
    from notifications.services import notification_send_now

    from .models import SeatApplication

    application = allocation.application
    if application is not None and application.status in SeatApplication.WITHDRAWABLE:
        _application_transition(
            application=application, to_status=SeatApplication.Status.ACCEPTED, by=by
        )
    joined = membership_sync(
        user=allocation.member,
        by=by,
        reason=_("Desk %(code)s from %(start)s.")
        % {"code": allocation.desk.code, "start": allocation.start.strftime("%d.%m.%Y")},
    )
    if joined == MEMBERSHIP_JOINED:
        notification_send_now(
            kind="community.seat_welcome", subject=allocation, recipient=allocation.member
        )


def seat_allocation_end(*, allocation, end: datetime.date, by):
    """End-date an allocation (never delete it); the end may only move earlier or be set."""
    from .models import SeatAllocation

    with transaction.atomic():
        current = SeatAllocation.objects.select_for_update().get(pk=allocation.pk)
        if current.status != SeatAllocation.Status.ACTIVE:
            raise ValidationError(_("Only an active allocation can be ended."), code="status")
        if end <= current.start:
            raise ValidationError({"end": _("The end date must be after the start date.")})
        if current.end is not None and end > current.end:
            raise ValidationError(
                {
                    "end": _("The allocation already ends on %(end)s; choose an earlier date.")
                    % {"end": current.end.strftime("%d.%m.%Y")}
                }
            )
        current.end = end
        current.ended_by = by
        current.save(update_fields=["end", "ended_by"])
        _schedule_allocation_reminders(current)
        if end <= timezone.localdate():
            membership_sync(
                user=current.member,
                by=by,
                reason=_("Desk %(code)s ended on %(end)s.")
                % {"code": current.desk.code, "end": end.strftime("%d.%m.%Y")},
            )
    return current


def seat_move(*, allocation, desk, on: datetime.date, by):
    """Move a member to another desk from ``on``: the old allocation ends and the new one
    starts that day, in one transaction (both or neither)."""
    from .models import SeatAllocation

    with transaction.atomic():
        current = SeatAllocation.objects.select_for_update().get(pk=allocation.pk)
        if current.status != SeatAllocation.Status.ACTIVE:
            raise ValidationError(_("Only an active allocation can be moved."), code="status")
        if current.desk_id == desk.pk:
            raise ValidationError({"desk": _("Choose a different desk.")})
        if on <= current.start or (current.end is not None and on >= current.end):
            raise ValidationError(
                {"on": _("The move date must fall inside the current allocation.")}
            )
        old_end = current.end
        current.end = on
        current.ended_by = by
        current.save(update_fields=["end", "ended_by"])
        _schedule_allocation_reminders(current)
        new = seat_allocate(
            desk=desk,
            member=current.member,
            start=on,
            end=old_end,
            by=by,
            startup=current.startup,
            application=current.application,
        )
    return new


def seat_offer_make(
    *,
    application,
    desk,
    start: datetime.date,
    deadline: datetime.datetime,
    by,
    end: datetime.date | None = None,
):
    """Offer the next person on the waiting list a desk; it is reserved until they answer."""
    from notifications.services import notification_schedule, notification_send_now

    from .models import SeatAllocation, SeatApplication

    S = SeatApplication.Status
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The answer deadline must be in the future.")})
    with transaction.atomic():
        current = SeatApplication.objects.select_for_update().get(pk=application.pk)
        if current.status not in (S.WAITLISTED, S.ACCEPTED, S.IN_REVIEW, S.SUBMITTED):
            raise ValidationError(_("This application is closed."), code="status")
        if SeatAllocation.objects.filter(
            application=current, status=SeatAllocation.Status.RESERVED
        ).exists():
            raise ValidationError(_("This applicant already has an open offer."), code="offer")
        offer = seat_allocate(
            desk=desk,
            member=current.applicant,
            start=start,
            end=end,
            by=by,
            startup=current.startup,
            application=current,
            status=SeatAllocation.Status.RESERVED,
            offer_deadline=deadline,
        )
        notification_send_now(
            kind="community.seat_offer", subject=offer, recipient=current.applicant
        )
        reminder_at = deadline - OFFER_REMINDER_BEFORE
        if reminder_at > timezone.now():
            notification_schedule(
                kind="community.seat_offer_deadline",
                subject=offer,
                recipient=current.applicant,
                due_at=reminder_at,
            )
    return offer


def _offer_release(offer, *, by):
    from notifications.services import notifications_cancel_for

    from .models import SeatAllocation

    offer.status = SeatAllocation.Status.RELEASED
    offer.responded_at = timezone.now()
    offer.ended_by = by
    offer.save(update_fields=["status", "responded_at", "ended_by"])
    notifications_cancel_for(offer)


def seat_offer_respond(*, offer, accept: bool, by):
    """The applicant accepts (the desk is theirs) or declines (the desk is free again) an offer
    before its deadline."""
    from .models import SeatAllocation, SeatApplication

    with transaction.atomic():
        current = SeatAllocation.objects.select_for_update().get(pk=offer.pk)
        if current.member_id != by.pk:
            raise PermissionDenied
        if current.status != SeatAllocation.Status.RESERVED:
            raise ValidationError(_("This offer has already been answered."), code="status")
        if current.offer_deadline and current.offer_deadline < timezone.now():
            raise ValidationError(_("The deadline for this offer has passed."), code="late")
        application = current.application
        if accept:
            current.status = SeatAllocation.Status.ACTIVE
            current.responded_at = timezone.now()
            current.save(update_fields=["status", "responded_at"])
            from notifications.services import notifications_cancel_for

            notifications_cancel_for(current, kind="community.seat_offer_deadline")
            _schedule_allocation_reminders(current)
            _allocation_activated(current, by=by)
        else:
            _offer_release(current, by=by)
            if application and application.status in SeatApplication.WITHDRAWABLE:
                _application_transition(
                    application=application, to_status=SeatApplication.Status.WITHDRAWN, by=by
                )
    return current


def seat_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Release reserved desks whose offer deadline has passed; safe to run again."""
    from .models import SeatAllocation

    now = now or timezone.now()
    count = 0
    for pk in SeatAllocation.objects.filter(
        status=SeatAllocation.Status.RESERVED, offer_deadline__lt=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            offer = SeatAllocation.objects.select_for_update().get(pk=pk)
            if offer.status == SeatAllocation.Status.RESERVED:
                _offer_release(offer, by=offer.created_by)
                count += 1
    return count
