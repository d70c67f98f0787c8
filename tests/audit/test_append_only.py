import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEntry
from audit.services import audit_record
from core.append_only import AppendOnlyError

pytestmark = pytest.mark.django_db


def test_an_audit_entry_cannot_be_changed_or_deleted_through_the_orm(user):
    entry = audit_record(actor=user, action="communities.post_appointed", target=user)
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.postgres
def test_the_database_refuses_raw_updates_and_deletes(user):
    entry = audit_record(actor=user, action="x", target=user)
    for sql in (
        "UPDATE audit_auditentry SET action = 'y' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"


def test_street_staff_see_the_audit_log_read_only_in_the_admin(client, staff_user):
    audit_record(actor=staff_user, action="accounts.unlocked", target=staff_user)
    client.force_login(staff_user)
    response = client.get("/admin/audit/auditentry/")
    assert response.status_code == 200
    assert "accounts.unlocked" in response.content.decode()
    entry = AuditEntry.objects.get()
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_to_truncate_the_audit_log():
    # committed rows (in a test transaction PostgreSQL refuses TRUNCATE for another reason)
    from tests.accounts.factories import UserFactory

    user = UserFactory()
    audit_record(actor=user, action="x", target=user)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 1
