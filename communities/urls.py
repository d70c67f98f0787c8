from django.urls import path

from communities import views, views_allowances, views_posts, views_settings, views_shapes

app_name = "communities"

urlpatterns = [
    path("", views.my_community, name="my_community"),
    path("claim/", views.claim_start, name="claim_start"),
    path("claim/<int:pk>/", views.claim_household, name="claim_household"),
    path("building/", views.my_building, name="my_building"),
    path("building/<int:pk>/", views.my_building, name="my_building"),
    path("invitations/<int:pk>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<int:pk>/decline/", views.invitation_decline, name="invitation_decline"),
    path("claims/", views.claims_pending, name="claims_pending"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("patrol/", views.patrol_new, name="patrol_new"),
    path("report/", views.daily_report, name="daily_report"),
    path("board/<str:code>/", views.building_board, name="board"),
    path("tree/", views.tree, name="tree"),
    path("teams/", views.teams, name="teams"),
    path("settings/", views_settings.settings_places, name="settings_places"),
    path("settings/<int:pk>/", views_settings.settings_place, name="settings_place"),
    path("settings/<int:pk>/<str:key>/", views_settings.settings_save, name="settings_save"),
    path("tree/<int:pk>/", views.node_detail, name="node"),
    path("patrols/missing/", views.captains_missing, name="captains_missing"),
    path("captains/", views_posts.captain_posts, name="captain_posts"),
    path("allowances/", views_allowances.allowances, name="allowances"),
    path("allowances/compute/", views_allowances.allowances_compute, name="allowances_compute"),
    path("allowances/<int:pk>/paid/", views_allowances.allowance_paid, name="allowance_paid"),
    path("honours/<str:code>/", views_allowances.honours, name="honours"),
    path("captains/appoint/<int:pk>/", views_posts.captain_appoint, name="captain_appoint"),
    path("captains/<int:pk>/end/", views_posts.captain_end, name="captain_end"),
    path("shapes/<int:pk>/import/", views_shapes.shapes_import, name="shapes_import"),
    path("shapes/<int:pk>/save/", views_shapes.shape_save, name="shape_save"),
    path("shapes/<int:pk>/clear/", views_shapes.shape_clear, name="shape_clear"),
    path("imports/", views.import_upload, name="import_upload"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
]
