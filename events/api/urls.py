from django.urls import path

from events.api import staff_views, views

urlpatterns = [
    path("", views.SessionListView.as_view(), name="events-sessions"),
    path("<int:pk>/", views.SessionDetailView.as_view(), name="events-session"),
    path("<int:pk>/registrations/", views.RegisterView.as_view(), name="events-register"),
    path("<int:pk>/rating/", views.RatingView.as_view(), name="events-rating"),
    path("<int:pk>/attendance/", views.AttendanceView.as_view(), name="events-attendance"),
    path("<int:pk>/summary/", views.SummaryView.as_view(), name="events-summary"),
    path(
        "registrations/mine/",
        views.MyRegistrationsView.as_view(),
        name="events-my-registrations",
    ),
    path(
        "registrations/<int:pk>/cancel/",
        views.CancelView.as_view(),
        name="events-cancel",
    ),
    path(
        "registrations/<int:pk>/code/",
        views.AttendeeCodeView.as_view(),
        name="events-attendee-code",
    ),
    path("check-in/door/", views.DoorCheckInView.as_view(), name="events-door-check-in"),
    path(
        "check-in/attendee/",
        views.AttendeeCheckInView.as_view(),
        name="events-attendee-check-in",
    ),
    path("topics/", views.TopicMenuListView.as_view(), name="events-topics"),
    path("topics/<int:pk>/vote/", views.TopicVoteView.as_view(), name="events-topic-vote"),
    path("feed/", views.FeedView.as_view(), name="events-feed"),
]

# Staff: the same rules as the admin and the staff pages.
urlpatterns += [
    path(
        "staff/events/",
        staff_views.StaffEventListCreateView.as_view(),
        name="events-staff-events",
    ),
    path(
        "staff/events/<int:pk>/",
        staff_views.StaffEventDetailView.as_view(),
        name="events-staff-event",
    ),
    path(
        "staff/events/<int:pk>/publish/",
        staff_views.StaffEventPublishView.as_view(),
        name="events-staff-event-publish",
    ),
    path(
        "staff/events/<int:pk>/cancel/",
        staff_views.StaffEventCancelView.as_view(),
        name="events-staff-event-cancel",
    ),
    path(
        "staff/events/<int:pk>/cover/",
        staff_views.StaffEventCoverView.as_view(),
        name="events-staff-event-cover",
    ),
    path(
        "staff/sessions/<int:pk>/cancel/",
        staff_views.StaffSessionCancelView.as_view(),
        name="events-staff-session-cancel",
    ),
    path(
        "staff/sessions/<int:pk>/venue/",
        staff_views.StaffSessionVenueView.as_view(),
        name="events-staff-session-venue",
    ),
    path(
        "staff/calendar/",
        staff_views.StaffCalendarView.as_view(),
        name="events-staff-calendar",
    ),
]
