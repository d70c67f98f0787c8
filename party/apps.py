from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "party"
    verbose_name = _("Party building")

    def ready(self):
        from core.media import register_media
        from party.access import may_work_in
        from party.models import SessionPhoto

        # Session photos: to whoever works in the organisation (its officers, staff over it).
        register_media(
            "party/",
            model=SessionPhoto,
            field="image",
            select_related=("session__organisation",),
            may_view=lambda user, photo: may_work_in(user, photo.session.organisation),
        )
