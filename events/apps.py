from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from communities.acting import register_acting_links
        from events.acting import acting_links

        register_acting_links(acting_links)
        from accounts.selectors import register_personal_data_exporter
        from events.selectors import personal_data_export

        register_personal_data_exporter("events", personal_data_export)

        from core.media import register_media
        from events.models import Event, OccurrencePhoto
        from events.selectors import occurrence_get_for_user

        register_media("events/covers/", model=Event, field="cover", public=True)
        # Photos of a session: to those who may see the session.
        register_media(
            "events/photos/",
            model=OccurrencePhoto,
            field="image",
            may_view=lambda user, photo: bool(
                occurrence_get_for_user(user=user, pk=photo.occurrence_id)
            ),
        )
