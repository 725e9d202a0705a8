"""Snippet choosers that ask the model's permission policy, as the snippet's own views do.

Wagtail's chooser views (choose, results, chosen, chosen-multiple, create) check only that the
user may enter the admin: any editor could read staff-only rows through them by URL. A snippet
viewset that sets ``chooser_viewset_class = PolicyCheckedChooserViewSet`` turns away anyone its
model's registered permission policy gives no permission at all.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet

CHOOSER_ACTIONS = ("add", "change", "delete", "view")


class PolicyCheckedChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)
        model = self.model

        @wraps(view)
        def checked(request, *args, **kwargs):
            policy = policy_registry.get_by_type(model)
            if not policy.user_has_any_permission(request.user, CHOOSER_ACTIONS):
                raise PermissionDenied
            # The chosen view takes its id as text: one that is no id of the model names no row.
            if "pk" in kwargs:
                try:
                    model._meta.pk.to_python(kwargs["pk"])
                except ValidationError:
                    raise Http404 from None
            return view(request, *args, **kwargs)

        return checked
