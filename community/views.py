from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
