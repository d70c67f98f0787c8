"""Matters (议题): proposing with attachments, the council's decision, moderated comments."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from consultations.models import Comment, Matter, MatterAttachment
from consultations.selectors import (
    matter_may_comment,
    proposable_nodes_for_user,
    user_manages_node,
)
from core.images import image_clean
from notifications.services import notify

MAX_ATTACHMENTS = 5
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_COMMENT_CHARS = 2000


def attachment_clean(upload: UploadedFile) -> tuple[str, ContentFile, str]:
    """(kind, clean content, file name) for a photo or a PDF; anything else is refused.

    Photos go through core.images (real image, 5 MB, metadata dropped); a PDF must start with
    the %PDF signature and stay under 10 MB. The name the resident gave is kept for display
    only; the stored name is ours.
    """
    head = upload.read(5)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if upload.size > MAX_PDF_BYTES:
            raise ValidationError(
                _("A PDF may be at most %(mb)d MB.") % {"mb": MAX_PDF_BYTES // (1024 * 1024)},
                code="file_too_large",
            )
        return MatterAttachment.Kind.PDF, ContentFile(upload.read()), "document.pdf"
    try:
        content = image_clean(upload)
    except ValidationError as error:
        if error.code == "not_an_image":
            raise ValidationError(_("Attach photos or PDF documents only."), code="bad_attachment")
        raise
    return MatterAttachment.Kind.IMAGE, content, "photo.jpg"


@transaction.atomic
def matter_propose(
    *,
    user,
    node: Node,
    title: str,
    description: str,
    attachments: list[UploadedFile] | None = None,
) -> Matter:
    """Anyone living in (or managing) a place raises a matter about it for the council."""
    title, description = title.strip(), description.strip()
    if not title or not description:
        raise ValidationError(_("Give the matter a title and a description."), code="invalid")
    if not proposable_nodes_for_user(user).filter(pk=node.pk).exists():
        raise ValidationError(
            _("You can only raise matters about the place where you live."), code="out_of_scope"
        )
    attachments = attachments or []
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Attach at most %(n)d files.") % {"n": MAX_ATTACHMENTS}, code="too_many_files"
        )
    # Check every file before anything is stored, so a bad one loses nothing else.
    cleaned = [(upload, *attachment_clean(upload)) for upload in attachments]
    matter = Matter.objects.create(node=node, title=title, description=description, proposer=user)
    for upload, kind, content, name in cleaned:
        attachment = MatterAttachment(
            matter=matter,
            kind=kind,
            original_name=os.path.basename(upload.name or name)[:200],
            size=content.size,
        )
        attachment.file.save(name, content, save=False)
        attachment.save()
    audit_record(
        actor=user,
        action="consultations.matter_propose",
        target=matter,
        scope_path=node.path,
        details={"title": title, "attachments": len(cleaned)},
    )
    return matter


def _decide(*, actor, matter: Matter, status: str, reason: str = "") -> Matter:
    matter = Matter.objects.select_for_update().select_related("node", "proposer").get(pk=matter.pk)
    if not user_manages_node(actor, matter.node):
        raise ValidationError(
            _("Only the council or community staff of this place may do this."), code="forbidden"
        )
    if matter.status != Matter.Status.PROPOSED:
        raise ValidationError(_("This matter has already been decided."), code="not_proposed")
    matter.status = status
    matter.decided_by = actor
    matter.decided_at = timezone.now()
    matter.decline_reason = reason
    matter.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
    return matter


@transaction.atomic
def matter_accept(*, actor, matter: Matter) -> Matter:
    matter = _decide(actor=actor, matter=matter, status=Matter.Status.ACCEPTED)
    audit_record(
        actor=actor,
        action="consultations.matter_accept",
        target=matter,
        scope_path=matter.node.path,
    )
    notify(
        matter.proposer,
        title=_("The council accepted your matter for discussion"),
        body=matter.title,
        url=reverse("consultations:matter", args=[matter.pk]),
        category="consultations",
        dedupe_key=f"consultations-matter-{matter.pk}-decided",
    )
    return matter


@transaction.atomic
def matter_decline(*, actor, matter: Matter, reason: str) -> Matter:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the matter is declined."), code="reason_required")
    matter = _decide(actor=actor, matter=matter, status=Matter.Status.DECLINED, reason=reason)
    audit_record(
        actor=actor,
        action="consultations.matter_decline",
        target=matter,
        scope_path=matter.node.path,
        details={"reason": reason},
    )
    notify(
        matter.proposer,
        title=_("The council declined your matter"),
        body=f"{matter.title}\n{_('Reason')}: {reason}",
        url=reverse("consultations:matter", args=[matter.pk]),
        category="consultations",
        dedupe_key=f"consultations-matter-{matter.pk}-decided",
    )
    return matter


@transaction.atomic
def comment_add(*, user, matter: Matter, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write your comment first."), code="invalid")
    if len(body) > MAX_COMMENT_CHARS:
        raise ValidationError(
            _("A comment may be at most %(n)d characters.") % {"n": MAX_COMMENT_CHARS},
            code="too_long",
        )
    if not matter_may_comment(user=user, matter=matter):
        raise ValidationError(
            _("Only residents of this place can comment while the matter is under discussion."),
            code="cannot_comment",
        )
    comment = Comment.objects.create(matter=matter, author=user, body=body)
    audit_record(
        actor=user,
        action="consultations.comment_add",
        target=comment,
        scope_path=matter.node.path,
        details={"matter_id": matter.pk},
    )
    return comment


@transaction.atomic
def comment_hide(*, actor, comment: Comment, reason: str) -> Comment:
    """Staff hide a comment from residents; the text stays, with who hid it and why."""
    comment = Comment.objects.select_for_update().select_related("matter__node").get(pk=comment.pk)
    if not user_manages_node(actor, comment.matter.node):
        raise ValidationError(_("Only staff of this place may hide comments."), code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the comment is hidden."), code="reason_required")
    if comment.hidden_at is not None:
        raise ValidationError(_("This comment is already hidden."), code="already_hidden")
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason[:200]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit_record(
        actor=actor,
        action="consultations.comment_hide",
        target=comment,
        scope_path=comment.matter.node.path,
        details={"reason": comment.hidden_reason, "original": comment.body},
    )
    return comment
