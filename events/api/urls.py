from django.urls import path

from events.api import staff_views, views

urlpatterns = [
    path("events/", views.SessionListView.as_view(), name="events-sessions"),
    path("events/<int:pk>/", views.SessionDetailView.as_view(), name="events-session"),
    path("events/<int:pk>/registrations/", views.RegisterView.as_view(), name="events-register"),
    path("events/<int:pk>/rating/", views.RatingView.as_view(), name="events-rating"),
    path("events/<int:pk>/attendance/", views.AttendanceView.as_view(), name="events-attendance"),
    path("events/<int:pk>/summary/", views.SummaryView.as_view(), name="events-summary"),
    path(
        "events/registrations/mine/",
        views.MyRegistrationsView.as_view(),
        name="events-my-registrations",
    ),
    path(
        "events/registrations/<int:pk>/cancel/",
        views.CancelView.as_view(),
        name="events-cancel",
    ),
    path(
        "events/registrations/<int:pk>/code/",
        views.AttendeeCodeView.as_view(),
        name="events-attendee-code",
    ),
    path("events/check-in/door/", views.DoorCheckInView.as_view(), name="events-door-check-in"),
    path(
        "events/check-in/attendee/",
        views.AttendeeCheckInView.as_view(),
        name="events-attendee-check-in",
    ),
    path("events/topics/", views.TopicMenuListView.as_view(), name="events-topics"),
    path("events/topics/<int:pk>/vote/", views.TopicVoteView.as_view(), name="events-topic-vote"),
    path("events/feed/", views.FeedView.as_view(), name="events-feed"),
]

# Staff: the same rules as the admin and the staff pages.
urlpatterns += [
    path(
        "events/staff/events/",
        staff_views.StaffEventListCreateView.as_view(),
        name="events-staff-events",
    ),
    path(
        "events/staff/events/<int:pk>/",
        staff_views.StaffEventDetailView.as_view(),
        name="events-staff-event",
    ),
    path(
        "events/staff/events/<int:pk>/publish/",
        staff_views.StaffEventPublishView.as_view(),
        name="events-staff-event-publish",
    ),
    path(
        "events/staff/events/<int:pk>/cancel/",
        staff_views.StaffEventCancelView.as_view(),
        name="events-staff-event-cancel",
    ),
    path(
        "events/staff/events/<int:pk>/cover/",
        staff_views.StaffEventCoverView.as_view(),
        name="events-staff-event-cover",
    ),
    path(
        "events/staff/sessions/<int:pk>/cancel/",
        staff_views.StaffSessionCancelView.as_view(),
        name="events-staff-session-cancel",
    ),
    path(
        "events/staff/calendar/",
        staff_views.StaffCalendarView.as_view(),
        name="events-staff-calendar",
    ),
]
