"""Wagtail's user admin for a user model with one full-name field instead of first/last."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from . import roles
from .models import User
from .services import role_grant, role_revoke, user_email_set_by_staff

_FIELDS = ["email", "full_name", "preferred_language", "is_superuser", "groups"]

# Roles that are never ticked here: membership follows the desk allocations, and mentor and
# editor are granted with a reason under "Members and roles".
_NOT_TICKED_HERE = roles.DERIVED_ROLES | roles.STAFF_GRANTED_ROLES


class RoleGroupsMixin:
    """Only the staff role (by a superuser) and groups that are no house role can be ticked.

    The groups a person holds but the form does not offer are kept on save (a ModelForm
    would otherwise wipe them), and a change of the staff role is left to the view, which
    makes it through the role services so it is logged with who and why.
    """

    def __init__(self, *args, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        offered = Group.objects.exclude(name__in=_NOT_TICKED_HERE)
        if not (by is not None and by.is_superuser):
            offered = offered.exclude(name=roles.STAFF)
        field = self.fields["groups"]
        field.queryset = offered.order_by("name")
        # The role's name in the user's language ("Stab"), not the group's key ("staff").
        field.label_from_instance = lambda group: roles.ROLES.get(group.name, group.name)
        field.help_text = _(
            "Only a superuser ticks the staff role here. Membership follows the desk "
            "allocations; mentor and editor are granted with a reason under Members and roles."
        )
        held = list(self.instance.groups.all()) if self.instance.pk else []
        offered_ids = set(field.queryset.values_list("pk", flat=True))
        self._kept_groups = [g for g in held if g.pk not in offered_ids]
        self._had_staff = any(g.name == roles.STAFF for g in held)
        # True: grant the staff role, False: revoke it, None: no change.
        self.staff_change = None

    def clean_groups(self):
        chosen = list(self.cleaned_data["groups"])
        offered_staff = self.fields["groups"].queryset.filter(name=roles.STAFF).first()
        if offered_staff is not None:
            wants_staff = any(g.pk == offered_staff.pk for g in chosen)
            if wants_staff != self._had_staff:
                self.staff_change = wants_staff
            # Saved as it was; the view grants or revokes it through the services.
            chosen = [g for g in chosen if g.pk != offered_staff.pk]
            if self._had_staff:
                chosen.append(offered_staff)
        return [*chosen, *self._kept_groups]


def _staff_role_apply(form, *, user, by):
    if form.staff_change is None:
        return
    change = role_grant if form.staff_change else role_revoke
    change(user=user, role=roles.STAFF, by=by, reason=gettext("Changed in the user admin"))


class UserCreateForm(RoleGroupsMixin, UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = _FIELDS


class UserChangeForm(RoleGroupsMixin, UserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(UserEditForm.Meta):
        model = User
        fields = [*_FIELDS, "is_active"]


class IndexView(wagtail_users.IndexView):
    """Sorts and searches by the one name field."""

    @cached_property
    def columns(self):
        columns = super().columns
        for column in columns:
            # Wagtail offers sorting by name only for first/last-name users.
            if column.name == "name":
                column.sort_key = "name"
        return columns

    @property
    def search_fields(self):
        return ["email", "full_name"]

    def order_queryset(self, queryset):
        if self.ordering == "name":
            return queryset.order_by("full_name", "email")
        if self.ordering == "-name":
            return queryset.order_by("-full_name", "-email")
        return super().order_queryset(queryset)


class CreateView(wagtail_users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "by": self.request.user}

    def save_instance(self):
        # Staff vouch for the address they type: the account can log in without a round of
        # e-mail verification.
        user = user_email_set_by_staff(user=super().save_instance())
        _staff_role_apply(self.form, user=user, by=self.request.user)
        return user


class EditView(wagtail_users.EditView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "by": self.request.user}

    def save_instance(self):
        user = user_email_set_by_staff(user=super().save_instance())
        _staff_role_apply(self.form, user=user, by=self.request.user)
        return user


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    create_template_name = "community/admin/user_create.html"
    edit_template_name = "community/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return UserChangeForm if for_update else UserCreateForm
