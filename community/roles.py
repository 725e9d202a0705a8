"""The house's roles as Django groups, with the Wagtail permissions each one needs."""

from django.utils.translation import gettext_lazy as _

ENTREPRENEUR = "entrepreneur"
MENTOR = "mentor"
STAFF = "staff"
EDITOR = "editor"

ROLES = {
    ENTREPRENEUR: _("Entrepreneur"),
    MENTOR: _("Mentor"),
    STAFF: _("Staff"),
    EDITOR: _("Editor"),
}

# Roles that work in the Wagtail admin.
ADMIN_ROLES = {STAFF, EDITOR}


def user_has_role(user, role):
    if not user.is_authenticated:
        return False
    if user.is_superuser and role in ADMIN_ROLES:
        return True
    return any(g.name == role for g in user.groups.all())
