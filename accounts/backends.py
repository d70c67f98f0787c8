"""The log-in backend: allauth's (phone or email and password), the session's user read prepared.

Every signed-in page reads the session's user. Through the ORM that read cost more to build than
to run (about 0.7 ms a request on the quiz answer, against 0.25 ms for the API token's read);
here it is one prepared statement (core.prepared) turned back into a User as the ORM would
(core.rows). With a replica the ORM's read is kept: the router may send it there, and a
statement on the primary would pin the request to it (core.replica).

Sessions opened before this backend name allauth's, which stays listed second in
AUTHENTICATION_BACKENDS so that they stay signed in. A log-in tries this backend only: a refused
password stops there (PermissionDenied) instead of being checked again by the same rules.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connection, router

from accounts.models import User
from core.prepared import execute_prepared
from core.rows import instance_from_row, select_columns


class AuthenticationBackend(AllauthBackend):
    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is None:
            # The next backend listed (allauth's, for old sessions) applies the same rules to
            # the same credentials: it would only check the password a second time.
            raise PermissionDenied
        return user

    def get_user(self, user_id):
        if connection.vendor != "postgresql" or router.db_for_read(User) != DEFAULT_DB_ALIAS:
            return super().get_user(user_id)
        user = user_by_pk(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def user_by_pk(user_id):
    """The user of id `user_id` (as the session holds it), or None."""
    with connection.cursor() as cursor:
        execute_prepared(cursor, _user_sql(), [user_id])
        row = cursor.fetchone()
    return None if row is None else instance_from_row(User, row)[0]


def _user_sql() -> str:
    return f"SELECT {select_columns(User, 'u')} FROM {User._meta.db_table} u WHERE u.id = %s"
