from django.db import migrations, models

from core.migration_operations import AddIndexWithoutLocking


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY on PostgreSQL: not inside a transaction.
    atomic = False

    dependencies = [
        ("quizzes", "0005_question_import"),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="servedquestion",
            index=models.Index(
                condition=models.Q(("answered_at__isnull", True)),
                fields=["participant", "id"],
                name="quizzes_served_pending_last",
            ),
        ),
    ]
