from django.urls import path

from events import views, views_acting, views_staff

app_name = "events"

urlpatterns = [
    path("", views.upcoming, name="upcoming"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("for/<int:user_id>/", views_acting.register_for, name="register_for"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("door/", views.door, name="door"),
    path("mine/", views.mine, name="mine"),
    path("event/<int:pk>.ics", views.event_ics, name="event_ics"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("feed/reset/", views.feed_reset, name="feed_reset"),
    path("topics/", views.topics, name="topics"),
    path("topics/<int:pk>/vote/", views.topic_vote, name="topic_vote"),
    path("checkin/", views.scan, name="scan"),
    path("staff/calendar/", views.staff_calendar, name="calendar"),
    path("staff/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("staff/<int:pk>/attendance.xlsx", views.attendance_export, name="attendance_export"),
    path("staff/<int:pk>/summary/", views.summary, name="summary"),
    path("staff/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("staff/<int:pk>/venue/", views_staff.session_venue, name="session_venue"),
    path("staff/registrations/<int:pk>/checkin/", views.check_in, name="check_in"),
    path("staff/events/", views_staff.staff_events, name="staff_events"),
    path("staff/events/new/", views_staff.event_form, name="event_new"),
    path("staff/events/<int:pk>/", views_staff.event_form, name="staff_event"),
    path("staff/events/<int:pk>/publish/", views_staff.event_publish, name="event_publish"),
    path("staff/events/<int:pk>/cancel/", views_staff.event_cancel, name="event_cancel"),
    path("staff/events/<int:pk>/series.ics", views_staff.event_series_ics, name="event_series_ics"),
    path("staff/menus/", views_staff.staff_menus, name="staff_menus"),
    path("staff/menus/new/", views_staff.menu_form, name="menu_new"),
    path("staff/menus/<int:pk>/", views_staff.menu_form, name="staff_menu"),
    path("staff/topics/", views.staff_topics, name="staff_topics"),
    path("staff/topics/<int:pk>/schedule/", views.topic_schedule, name="topic_schedule"),
]
