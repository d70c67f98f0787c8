from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from communities.acting import register_acting_links
        from notices.acting import acting_links

        register_acting_links(acting_links)
        from core.jobs import register_stuck_job_recoverer
        from core.media import register_media
        from notices.models import NoticeAttachment
        from notices.selectors import notice_get_for_user
        from notices.services import notices_fanout_recover

        register_stuck_job_recoverer("notices.fanout", notices_fanout_recover)
        # Whoever may open the notice may open its files.
        register_media(
            "notices/",
            model=NoticeAttachment,
            field="file",
            may_view=lambda user, item: bool(notice_get_for_user(user=user, pk=item.notice_id)),
        )
