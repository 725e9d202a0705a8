from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .dashboard import panels_for
from .forms import ProfileForm


@login_required
def dashboard(request):
    return render(request, "community/dashboard.html", {"panels": panels_for(request)})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("dashboard")
    return render(request, "community/profile_form.html", {"form": form})


class ConfirmEmailView(AllauthConfirmEmailView):
    """allauth's confirmation page, answering a stale or forged key with the page's own
    'link expired' message on POST too, instead of a bare 404."""

    def post(self, *args, **kwargs):
        try:
            return super().post(*args, **kwargs)
        except Http404:
            self.object = None
            return self.render_to_response(self.get_context_data())
