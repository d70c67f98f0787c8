"""Every admin deletion is audited: a walk over the admin registry keeps it so."""

import pytest
from django.contrib.admin.sites import site

from audit.admin import AuditedDeleteMixin

pytestmark = pytest.mark.django_db


def test_every_admin_that_may_delete_writes_an_audit_entry(rf, staff_user):
    request = rf.get("/admin/")
    request.user = staff_user  # a superuser: every permission the admin allows
    unaudited = []
    for model, model_admin in site._registry.items():
        deletes = model_admin.has_delete_permission(request) or any(
            inline.can_delete and inline.has_delete_permission(request)
            for inline in model_admin.get_inline_instances(request)
        )
        if deletes and not isinstance(model_admin, AuditedDeleteMixin):
            unaudited.append(model._meta.label)
    assert unaudited == []
