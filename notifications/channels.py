"""Who gets the reminders that matter by SMS: one rule for notify() and for fan-outs."""

from __future__ import annotations

from django.db.models import Q

from notifications.models import ChannelPreference


def sms_wanted_q(prefix: str = "") -> Q:
    """Users who chose SMS (or both), and people with no web log-in (an unusable password:
    registered by a captain), whom the inbox never reaches."""
    return Q(
        **{
            f"{prefix}channel_preference__channel__in": [
                ChannelPreference.Channel.SMS,
                ChannelPreference.Channel.BOTH,
            ]
        }
    ) | Q(**{f"{prefix}password__startswith": "!"})


def channel_of(user) -> str:
    preference = ChannelPreference.objects.filter(user=user).first()
    return preference.channel if preference else ChannelPreference.Channel.INBOX


def wants_sms(user) -> bool:
    return (
        channel_of(user) in (ChannelPreference.Channel.SMS, ChannelPreference.Channel.BOTH)
        or not user.has_usable_password()
    )


def wants_email(user) -> bool:
    return channel_of(user) != ChannelPreference.Channel.SMS


def sms_recipients(user_ids) -> set[int]:
    from django.contrib.auth import get_user_model

    return set(
        get_user_model()
        .objects.filter(pk__in=list(user_ids))
        .filter(sms_wanted_q())
        .values_list("pk", flat=True)
    )


def channel_set(*, user, channel: str) -> ChannelPreference:
    preference, _created = ChannelPreference.objects.update_or_create(
        user=user, defaults={"channel": channel}
    )
    return preference
