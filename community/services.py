"""Writes for people and roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import roles


def roles_ensure():
    """Every role exists as a group; staff and editors may enter the Wagtail admin."""
    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ROLES}
        admin_access = Permission.objects.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).first()
        if admin_access:
            for name in roles.ADMIN_ROLES:
                groups[name].permissions.add(admin_access)
        editor_perms = Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=["add_image", "change_image", "choose_image",
                          "add_document", "change_document", "choose_document"],
        )
        groups[roles.EDITOR].permissions.add(*editor_perms)
        groups[roles.STAFF].permissions.add(*editor_perms)
    return groups


def user_create(*, email, full_name, password=None, preferred_language="nb", role=None,
                is_superuser=False, verified=True):
    """Create an account with its e-mail marked verified (staff- and demo-made accounts)."""
    from allauth.account.models import EmailAddress

    from .models import User

    with transaction.atomic():
        if is_superuser:
            user = User.objects.create_superuser(
                email=email, password=password, full_name=full_name,
                preferred_language=preferred_language,
            )
        else:
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name,
                preferred_language=preferred_language,
                is_staff=role in roles.ADMIN_ROLES,
            )
        if role:
            user.groups.add(roles_ensure()[role])
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified)
    return user
