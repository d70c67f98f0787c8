from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def roles_from_posts(user) -> set[str]:
    """Roles given by the user's current posts (accounts.roles caches the result per request)."""
    from accounts.roles import Role
    from communities.models import Post

    role_of_post = {
        Post.Kind.STREET_CHIEF: Role.CAPTAIN,
        Post.Kind.LANE_CHIEF: Role.CAPTAIN,
        Post.Kind.BUILDING_CAPTAIN: Role.CAPTAIN,
        Post.Kind.GRID_WORKER: Role.GRID_WORKER,
        Post.Kind.BRANCH_SECRETARY: Role.COMMUNITY_STAFF,
        Post.Kind.COMMUNITY_SECRETARY: Role.COMMUNITY_STAFF,
        Post.Kind.COMMUNITY_STAFF: Role.COMMUNITY_STAFF,
        Post.Kind.STREET_STAFF: Role.STREET_STAFF,
        # District staff use the street staff's pages, over every street of their district.
        Post.Kind.DISTRICT_STAFF: Role.STREET_STAFF,
    }
    from communities.scoping import TEAM_LEADER, scope_for_user

    # The scope already loaded the current posts; reuse them instead of another query.
    kinds = scope_for_user(user).post_kinds
    roles = {role_of_post[kind].value for kind in kinds if kind in role_of_post}
    if TEAM_LEADER in kinds:
        # 承责团队 leaders follow their places through the community staff's pages.
        roles |= {Role.TEAM_LEADER.value, Role.COMMUNITY_STAFF.value}
    return roles


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from accounts.roles import register_role_provider
        from accounts.selectors import register_personal_data_exporter
        from communities.selectors import households_export_for_user, posts_export_for_user
        from communities.services.imports import import_jobs_recover
        from core.jobs import register_stuck_job_recoverer

        register_role_provider(roles_from_posts)

        from communities import captained

        captained.register()

        from communities import place_setting_specs

        place_setting_specs.register()
        register_personal_data_exporter("households", households_export_for_user)
        register_personal_data_exporter("posts", posts_export_for_user)
        register_stuck_job_recoverer("communities.import", import_jobs_recover)

        from communities.models import ImportJob, PatrolPhoto
        from communities.scoping import scope_for_user
        from core.media import register_media

        # Patrol photos: to the captain who took them and to staff over the building.
        register_media(
            "patrols/",
            model=PatrolPhoto,
            field="image",
            select_related=("log__building",),
            may_view=lambda user, photo: (
                photo.log.captain_id == user.pk or scope_for_user(user).contains(photo.log.building)
            ),
        )
        # Uploaded spreadsheets (names, phones): to staff managing the place imported into.
        register_media(
            "imports/",
            model=ImportJob,
            field="file",
            select_related=("root",),
            may_view=lambda user, job: scope_for_user(user).manages(job.root),
        )
