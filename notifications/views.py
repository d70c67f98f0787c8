from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import selectors, services


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(
        selectors.messages_for_user(user=request.user, unread_only=unread_only), 20
    ).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
def message_detail(request, pk: int):
    message = selectors.message_get_for_user(user=request.user, pk=pk)
    services.message_mark_read(message=message)
    return render(request, "notifications/message_detail.html", {"message": message})


@login_required
@require_POST
def mark_all_read(request):
    count = services.messages_mark_all_read(user=request.user)
    flash.success(request, _("%(count)d messages marked as read.") % {"count": count})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "notifications:inbox"
    return redirect(next_url)


@login_required
def channel(request):
    """Choose how the reminders that matter reach me: inbox, SMS or both."""
    from notifications import channels
    from notifications.forms import ChannelForm

    form = ChannelForm(request.POST or None, initial={"channel": channels.channel_of(request.user)})
    if request.method == "POST" and form.is_valid():
        channels.channel_set(user=request.user, channel=form.cleaned_data["channel"])
        flash.success(request, _("Saved: we will reach you this way."))
        return redirect("notifications:channel")
    return render(request, "notifications/channel.html", {"form": form})
