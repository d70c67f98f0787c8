"""Organisational life (三会一课 and 主题党日): sessions with agenda, attendance, minutes, photos."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from party.models.organisation import PartyBranch, PartyMember


def session_photo_path(instance, filename: str) -> str:
    # Served through core.media (party/ prefix registered in party.apps): officers only.
    return f"party/sessions/{instance.session_id}/{filename}"


class PartySession(models.Model):
    """One meeting, lecture or themed day of an organisation, recorded by its secretary."""

    class Kind(models.TextChoices):
        MEMBERS_MEETING = "members_meeting", _("Branch members' meeting (支部党员大会)")
        COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting (支委会)")
        GROUP_MEETING = "group_meeting", _("Party group meeting (党小组会)")
        LECTURE = "lecture", _("Party lecture (党课)")
        THEME_DAY = "theme_day", _("Themed party day (主题党日)")

    organisation = models.ForeignKey(
        PartyBranch,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    kind = models.CharField(
        pgettext_lazy("party", "kind of session"), max_length=20, choices=Kind.choices
    )
    held_at = models.DateTimeField(pgettext_lazy("party", "held at"))
    venue = models.CharField(pgettext_lazy("party", "venue"), max_length=200, blank=True)
    online_link = models.URLField(
        _("online link (云上支部)"),
        blank=True,
        help_text=_("Mobile members join online through this link."),
    )
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(pgettext_lazy("party", "minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisational life session")
        verbose_name_plural = _("organisational life sessions")
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "kind", "held_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.held_at:%Y-%m-%d}"


class SessionAttendance(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", pgettext_lazy("party", "Online")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(PartySession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="attendance")
    mode = models.CharField(
        pgettext_lazy("party", "attendance"), max_length=10, choices=Mode.choices
    )

    class Meta:
        verbose_name = pgettext_lazy("party", "attendance")
        verbose_name_plural = pgettext_lazy("party", "attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="party_attendance_once")
        ]

    def __str__(self):
        return f"{self.session_id}: {self.member_id} {self.mode}"


class SessionPhoto(models.Model):
    session = models.ForeignKey(PartySession, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=session_photo_path)

    class Meta:
        verbose_name = _("session photo")
        verbose_name_plural = _("session photos")

    def __str__(self):
        return self.image.name
