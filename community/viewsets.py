"""Wagtail's user admin for a user model with one full-name field instead of first/last."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .models import User

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


class UserViewSet(WagtailUserViewSet):
    create_template_name = "community/admin/user_create.html"
    edit_template_name = "community/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return UserChangeForm if for_update else UserCreateForm
