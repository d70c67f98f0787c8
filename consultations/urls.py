from django.urls import path

from consultations.views import residents, staff

app_name = "consultations"

urlpatterns = [
    path("", residents.index, name="index"),
    path("matters/new/", residents.matter_new, name="matter_new"),
    path("matters/<int:pk>/", residents.matter_detail, name="matter"),
    path("matters/<int:pk>/comment/", residents.comment_add, name="comment"),
    path("matters/<int:pk>/accept/", staff.matter_accept, name="matter_accept"),
    path("matters/<int:pk>/decline/", staff.matter_decline, name="matter_decline"),
    path("matters/<int:pk>/consult/", staff.consultation_new, name="consultation_new"),
    path("matters/<int:pk>/resolution/", staff.resolution_new, name="resolution_new"),
    path("comments/<int:pk>/hide/", staff.comment_hide, name="comment_hide"),
    path("attachments/<int:pk>/", residents.attachment, name="attachment"),
    path("votes/<int:pk>/", residents.consultation_detail, name="consultation"),
    path("votes/<int:pk>/ballot/", residents.vote, name="vote"),
    path("votes/<int:pk>/publish/", staff.consultation_publish, name="publish"),
    path("votes/<int:pk>/paper/", staff.paper_ballots, name="paper"),
    path("votes/<int:pk>/export.xlsx", staff.consultation_export, name="export"),
    path("follow-ups/", residents.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/progress/", residents.follow_up_progress, name="follow_up_progress"),
    path("resolutions/<int:pk>/follow-up/", staff.follow_up_new, name="follow_up_new"),
    path("council/", staff.councils, name="councils"),
    path("council/community/<int:community_pk>/", staff.council_open, name="council_open"),
    path("council/<int:pk>/", staff.council_detail, name="council"),
    path(
        "council/<int:pk>/members/<int:member_pk>/end/", staff.council_member_end, name="member_end"
    ),
    path("meetings/<int:pk>/", staff.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/venue/", staff.meeting_venue, name="meeting_venue"),
]
