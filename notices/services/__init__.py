from notices.services.fanout import notice_fanout_run, notices_fanout_recover
from notices.services.publish import notice_publish
from notices.services.receipts import (
    notice_confirm,
    notice_knock_lists_send,
    notice_mark_told,
    notice_read,
    notices_knock_due,
)

__all__ = [
    "notice_confirm",
    "notice_fanout_run",
    "notice_knock_lists_send",
    "notice_mark_told",
    "notice_publish",
    "notice_read",
    "notices_fanout_recover",
    "notices_knock_due",
]
