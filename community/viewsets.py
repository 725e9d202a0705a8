"""Wagtail's user admin for a user model with one full-name field instead of first/last."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_users

from .models import User
from .services import user_email_set_by_staff

_FIELDS = ["email", "full_name", "preferred_language", "is_superuser", "groups"]


class UserCreateForm(UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = _FIELDS


class UserChangeForm(UserEditForm):
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
    def save_instance(self):
        # Staff vouch for the address they type: the account can log in without a round of
        # e-mail verification.
        return user_email_set_by_staff(user=super().save_instance())


class EditView(wagtail_users.EditView):
    def save_instance(self):
        return user_email_set_by_staff(user=super().save_instance())


class UserViewSet(wagtail_users.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    create_template_name = "community/admin/user_create.html"
    edit_template_name = "community/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return UserChangeForm if for_update else UserCreateForm
