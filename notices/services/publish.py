"""Publishing a notice: who may publish where, attachments, and queueing the fan-out."""

from __future__ import annotations

import datetime
import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from communities.scoping import scope_for_user
from consultations.services.matters import MAX_ATTACHMENTS, attachment_clean
from core.outbox import enqueue_after_commit
from notices.models import Notice, NoticeAttachment


def may_publish_at(user, node: Node) -> bool:
    """Staff publish anywhere they manage; captains to the places they look after."""
    return scope_for_user(user).contains(node)


@transaction.atomic
def notice_publish(
    *,
    actor,
    node: Node,
    title: str,
    body: str,
    audience: str = Notice.Audience.ALL,
    per_household: bool = False,
    needs_confirmation: bool = False,
    knock_after: datetime.datetime | None = None,
    attachments: list[UploadedFile] | None = None,
) -> Notice:
    """Publish a notice and queue its delivery (notices.tasks.notice_fanout_task) after commit.

    Refused (ValidationError, nothing stored): a place outside the actor's scope
    (`out_of_scope`), an empty title or text (`invalid`), an unknown audience, more than
    MAX_ATTACHMENTS files or a file that is not a photo or PDF (consultations' one rule).
    """
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise ValidationError(_("Give the notice a title and a text."), code="invalid")
    if audience not in Notice.Audience.values:
        raise ValidationError(_("Choose who the notice is for."), code="invalid")
    if not may_publish_at(actor, node):
        raise ValidationError(
            _("You can only publish notices to the places you look after."), code="out_of_scope"
        )
    attachments = attachments or []
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS}, code="too_many_files"
        )
    cleaned = [(upload, *attachment_clean(upload)) for upload in attachments]
    notice = Notice.objects.create(
        node=node,
        title=title,
        body=body,
        audience=audience,
        per_household=per_household,
        needs_confirmation=needs_confirmation,
        knock_after=knock_after,
        author=actor,
    )
    for upload, kind, content, name in cleaned:
        attachment = NoticeAttachment(
            notice=notice,
            kind=kind,
            original_name=os.path.basename(upload.name or name)[:200],
            size=content.size,
        )
        attachment.file.save(name, content, save=False)
        attachment.save()
    audit_record(
        actor=actor,
        action="notices.publish",
        target=notice,
        scope_path=node.path,
        details={
            "audience": audience,
            "per_household": per_household,
            "needs_confirmation": needs_confirmation,
            "attachments": len(cleaned),
        },
    )
    enqueue_after_commit("notices.tasks.notice_fanout_task", notice.pk)
    return notice
