"""Staff and council pages: deciding matters, moderating, consultations, paper ballots, results
export, the council with its members and meetings, resolutions and follow-up items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import user_get_by_login
from bookings.selectors.venues import venues_bookable_by
from communities.models import Node
from communities.scoping import require_managing_scope
from consultations import selectors, services
from consultations.exports import tally_workbook
from consultations.forms import (
    ConsultationForm,
    CouncilMemberForm,
    FollowUpForm,
    MeetingForm,
    MeetingVenueForm,
    MinutesForm,
    PaperBallotForm,
    ReasonForm,
    ResolutionForm,
)
from consultations.models import Comment, Consultation, Matter, Meeting, Resolution
from consultations.views.common import matter_url
from core.outcomes import run_and_flash, run_on_form


def _manager_matter(request, pk: int) -> Matter:
    matter = selectors.matter_get_for_user(user=request.user, pk=pk)
    if not selectors.user_manages_node(request.user, matter.node):
        raise Http404
    return matter


@login_required
@require_POST
def matter_accept(request, pk: int):
    matter = _manager_matter(request, pk)
    run_and_flash(
        request,
        lambda: services.matter_accept(actor=request.user, matter=matter),
        _("The matter is accepted for discussion."),
    )
    return redirect("consultations:matter", matter.pk)


@login_required
@require_POST
def matter_decline(request, pk: int):
    matter = _manager_matter(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the matter is declined."))
        return redirect("consultations:matter", matter.pk)
    run_and_flash(
        request,
        lambda: services.matter_decline(actor=request.user, matter=matter, **form.cleaned_data),
        _("The matter is declined; the proposer was told why."),
    )
    return redirect("consultations:matter", matter.pk)


@login_required
@require_POST
def comment_hide(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("matter__node"), pk=pk)
    matter = _manager_matter(request, comment.matter_id)
    form = ReasonForm(request.POST)

    def attempt():
        if not form.is_valid():
            raise ValidationError(_("Say why the comment is hidden."))
        services.comment_hide(actor=request.user, comment=comment, **form.cleaned_data)

    run_and_flash(request, attempt, _("The comment is hidden from residents."))
    return redirect(matter_url(matter.pk) + "#comments")


@login_required
def consultation_new(request, pk: int):
    matter = _manager_matter(request, pk)
    nodes = matter.node.subtree().order_by("path")
    form = ConsultationForm(request.POST or None, nodes=nodes, initial={"node": matter.node})
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.consultation_create(
                actor=request.user, matter=matter, **form.cleaned_data
            ),
            _("Draft saved. Check it, then publish it."),
        )
        if done:
            return redirect("consultations:consultation", done.result.pk)
    return render(request, "consultations/consultation_form.html", {"form": form, "matter": matter})


@login_required
@require_POST
def consultation_publish(request, pk: int):
    consultation = selectors.consultation_get_for_manager(user=request.user, pk=pk)
    run_and_flash(
        request,
        lambda: services.consultation_publish(actor=request.user, consultation=consultation),
        _("Published. Voters are told when voting opens."),
    )
    return redirect("consultations:consultation", consultation.pk)


@login_required
def paper_ballots(request, pk: int):
    """Staff enter paper ballots; the list shows who has voted and how (online or paper)."""
    consultation = selectors.consultation_get_for_manager(user=request.user, pk=pk)
    options = list(consultation.options.all())
    form = PaperBallotForm(request.POST or None)
    form.fields["options"].choices = [(o.pk, o.label) for o in options]
    if request.method == "POST" and form.is_valid():
        voter = get_object_or_404(consultation.voters, pk=form.cleaned_data["voter"])
        run_and_flash(
            request,
            lambda: services.ballot_enter_paper(
                actor=request.user,
                consultation=consultation,
                voter=voter,
                option_ids=[int(i) for i in form.cleaned_data["options"]],
            ),
            _("Paper ballot of %(v)s entered.") % {"v": voter.label},
        )
        return redirect(request.get_full_path())
    query = (request.GET.get("q") or "").strip()
    voters = selectors.ballots_for_entry(consultation=consultation)
    if query:
        voters = voters.filter(label__icontains=query)
    page = Paginator(voters, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/paper_ballots.html",
        {
            "consultation": consultation,
            "options": options,
            "page": page,
            "query": query,
            "state": consultation.window_state(),
            "input_type": "checkbox"
            if consultation.choice_kind == Consultation.ChoiceKind.MULTIPLE
            else "radio",
        },
    )


@login_required
def consultation_export(request, pk: int):
    consultation = selectors.consultation_get_for_manager(user=request.user, pk=pk)
    tally = selectors.consultation_tally(consultation)
    content = tally_workbook(tally)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}.xlsx"'
    return response


# --- council ---------------------------------------------------------------------------------


@login_required
def councils(request):
    """The councils of the user's area; a community's council is set up on first visit."""
    scope = require_managing_scope(request.user)
    communities = scope.managed_places([Node.Kind.COMMUNITY])
    if not scope.unrestricted and len(scope.roots) == 1 and scope.roots[0].community is not None:
        communities = Node.objects.filter(pk=scope.roots[0].community.pk)
    # A branch secretary (or grid worker) manages part of a community, not its council: they
    # take part in the council as residents do.
    communities = [c for c in communities[:100] if selectors.user_manages_node(request.user, c)]
    if not communities:
        return redirect("consultations:index")
    if len(communities) == 1:
        council = services.council_for_community(community=communities[0])
        return redirect("consultations:council", council.pk)
    return render(request, "consultations/councils.html", {"communities": communities})


@login_required
def council_open(request, community_pk: int):
    require_managing_scope(request.user)
    community = get_object_or_404(Node, pk=community_pk, kind=Node.Kind.COMMUNITY)
    if not selectors.user_manages_node(request.user, community):
        raise Http404
    council = services.council_for_community(community=community)
    return redirect("consultations:council", council.pk)


@login_required
def council_detail(request, pk: int):
    council = selectors.council_get_for_manager(user=request.user, pk=pk)
    community_matters = Matter.objects.filter(
        council.community.subtree_q("node"),
        status__in=[Matter.Status.ACCEPTED, Matter.Status.PROPOSED],
    ).order_by("-created_at")
    member_form = CouncilMemberForm(
        request.POST if request.POST.get("form") == "member" else None,
        matters=community_matters,
        initial={"starts_on": timezone.localdate()},
    )
    meeting_form = MeetingForm(
        request.POST if request.POST.get("form") == "meeting" else None,
        matters=community_matters,
        venues=venues_bookable_by(request.user),
    )
    if request.method == "POST":
        if request.POST.get("form") == "member" and member_form.is_valid():
            data = member_form.cleaned_data
            user = user_get_by_login(data["phone"])
            if user is None:
                member_form.add_error("phone", _("No account has this mobile number."))
            else:
                done = run_on_form(
                    request,
                    member_form,
                    lambda: services.council_member_add(
                        actor=request.user,
                        council=council,
                        user=user,
                        role=data["role"],
                        represents=data["represents"],
                        matter=data["matter"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                    ),
                    _("Member added."),
                )
                if done:
                    return redirect("consultations:council", council.pk)
        elif request.POST.get("form") == "meeting" and meeting_form.is_valid():
            done = run_on_form(
                request,
                meeting_form,
                lambda: services.meeting_create(
                    actor=request.user, council=council, **meeting_form.cleaned_data
                ),
                _("Meeting scheduled."),
            )
            if done:
                return redirect("consultations:meeting", done.result.pk)
    return render(
        request,
        "consultations/council_detail.html",
        {
            "council": council,
            "members": list(selectors.council_members(council=council)),
            "meetings": list(selectors.council_meetings(council=council)[:20]),
            "member_form": member_form,
            "meeting_form": meeting_form,
        },
    )


@login_required
@require_POST
def council_member_end(request, pk: int, member_pk: int):
    council = selectors.council_get_for_manager(user=request.user, pk=pk)
    member = get_object_or_404(council.members, pk=member_pk)
    run_and_flash(
        request,
        lambda: services.council_member_end(
            actor=request.user, member=member, ends_on=timezone.localdate()
        ),
        _("The term has ended."),
    )
    return redirect("consultations:council", council.pk)


@login_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(
        Meeting.objects.select_related("council__community", "venue_booking__venue"), pk=pk
    )
    council = selectors.council_get_for_manager(user=request.user, pk=meeting.council_id)
    members = list(selectors.council_members(council=council))
    recorded = {a.member_id: a.status for a in meeting.attendance.all()}
    form = MinutesForm(
        request.POST or None,
        members=members,
        initial={
            "minutes": meeting.minutes,
            **{f"member_{m.pk}": recorded.get(m.pk, "present") for m in members},
        },
    )
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.meeting_record(
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                attendance=form.attendance(),
            ),
            _("Minutes and attendance saved."),
        )
        if done:
            return redirect("consultations:meeting", meeting.pk)
    return render(
        request,
        "consultations/meeting_detail.html",
        {"meeting": meeting, "council": council, "form": form, "now": timezone.now()},
    )


@login_required
def meeting_venue(request, pk: int):
    """Change or drop the venue a meeting holds (through the bookings service's rules)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("council__community", "venue_booking__venue"), pk=pk
    )
    council = selectors.council_get_for_manager(user=request.user, pk=meeting.council_id)
    held = meeting.venue_booking
    if held is not None and held.status not in held.HELD:
        held = None
    form = MeetingVenueForm(
        request.POST or None,
        venues=venues_bookable_by(request.user),
        initial={
            "venue": held.venue_id if held else None,
            "minutes_long": (
                int((held.ends_at - held.starts_at).total_seconds() // 60) if held else 120
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.meeting_venue_set(
                actor=request.user,
                meeting=meeting,
                venue=form.cleaned_data["venue"],
                minutes_long=form.cleaned_data["minutes_long"],
            ),
            _("The meeting's venue is saved."),
        )
        if done:
            return redirect("consultations:meeting", meeting.pk)
    return render(
        request,
        "consultations/meeting_venue.html",
        {"meeting": meeting, "council": council, "form": form, "held": held},
    )


# --- resolutions -----------------------------------------------------------------------------


@login_required
@require_POST
def resolution_new(request, pk: int):
    matter = _manager_matter(request, pk)
    form = ResolutionForm(
        request.POST,
        consultations=matter.consultations.filter(status=Consultation.Status.CLOSED),
    )

    def attempt():
        if not form.is_valid():
            raise ValidationError(_("Write the resolution and the date it was decided."))
        services.resolution_record(actor=request.user, matter=matter, **form.cleaned_data)

    run_and_flash(request, attempt, _("Resolution recorded."))
    return redirect(matter_url(matter.pk) + "#resolutions")


@login_required
@require_POST
def follow_up_new(request, pk: int):
    resolution = get_object_or_404(Resolution.objects.select_related("matter"), pk=pk)
    matter = _manager_matter(request, resolution.matter_id)
    form = FollowUpForm(request.POST)

    def attempt():
        if not form.is_valid():
            raise ValidationError(_("Fill in what, who and by when."))
        owner = user_get_by_login(form.cleaned_data["phone"])
        if owner is None:
            raise ValidationError(_("No account has this mobile number."))
        services.follow_up_add(
            actor=request.user,
            resolution=resolution,
            title=form.cleaned_data["title"],
            owner=owner,
            due_on=form.cleaned_data["due_on"],
        )

    run_and_flash(request, attempt, _("Follow-up item added."))
    return redirect(matter_url(matter.pk) + "#resolutions")
