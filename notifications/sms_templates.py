"""The text messages the portal sends: Chinese templates of at most 70 characters.

A carrier gateway (Alibaba Cloud SMS) only sends templates approved in its console: each
template here has a key, its text with `${name}` parameters exactly as registered there, and the
gateway's template code comes from settings (SMS_TEMPLATE_CODES, e.g. {"notice": "SMS_1234"}).
70 characters is one SMS segment, the signature 【...】 included; parameters are cut to fit.
"""

from __future__ import annotations

from string import Template

from django.conf import settings

SEGMENT = 70

# key -> text as registered with the gateway. A message's category picks its template.
TEMPLATES: dict[str, str] = {
    "general": "您有新消息：${title}。请登录共治社区查看。",
    "notice": "社区通知：${title}。请登录共治社区阅读，需回执的请确认。",
    "notice_knock": "${title}，请登录共治社区查看上门名单。",
    "events": "活动提醒：${title}。请准时参加。",
    "volunteers": "微心愿提醒：${title}。请登录共治社区查看。",
    "cases": "诉求进展：${title}。请登录共治社区查看并评价。",
    "consultations": "议事提醒：${title}。请在截止前投票。",
    "communities": "社区提醒：${title}。请登录共治社区处理。",
}


def template_for(category: str) -> str:
    return category if category in TEMPLATES else "general"


def signature(sign_name: str = "") -> str:
    """【sign name】: the place's (notifications.sms_signature), else SMS_SIGN_NAME."""
    return f"【{sign_name or settings.SMS_SIGN_NAME}】"


def render(
    template: str, params: dict[str, str], sign_name: str = ""
) -> tuple[str, dict[str, str]]:
    """The text as the phone shows it (signature included) and the parameters as sent,
    with `title` shortened so the whole fits one segment."""
    text = TEMPLATES[template]
    params = dict(params)
    signed = signature(sign_name)
    room = SEGMENT - len(signed) - len(Template(text).safe_substitute(title=""))
    if "title" in params and len(params["title"]) > room:
        params["title"] = params["title"][: max(room - 1, 0)] + "…"
    return signed + Template(text).safe_substitute(params), params
