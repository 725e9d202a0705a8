"""The house's roles as Django groups, with the Wagtail permissions each one needs."""

from django.utils.translation import gettext_lazy as _

ENTREPRENEUR = "entrepreneur"
ALUMNUS = "alumnus"
MENTOR = "mentor"
STAFF = "staff"
EDITOR = "editor"

ROLES = {
    ENTREPRENEUR: _("Member"),
    ALUMNUS: _("Alumnus"),
    MENTOR: _("Mentor"),
    STAFF: _("Staff"),
    EDITOR: _("Editor"),
}

# Derived from seat allocations by ``membership_sync``; never granted or ticked by hand.
DERIVED_ROLES = {ENTREPRENEUR, ALUMNUS}
# Granted and revoked by house staff, with a reason.
STAFF_GRANTED_ROLES = {MENTOR, EDITOR}

# Roles that work in the Wagtail admin.
ADMIN_ROLES = {STAFF, EDITOR}


def user_has_role(user, role):
    if not user.is_authenticated:
        return False
    if user.is_superuser and role in ADMIN_ROLES:
        return True
    return any(g.name == role for g in user.groups.all())
