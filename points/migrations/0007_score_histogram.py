import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0006_fen_currency"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoreBucket",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period_key", models.CharField(max_length=16, verbose_name="period")),
                ("score", models.BigIntegerField(verbose_name="score")),
                ("users", models.BigIntegerField(default=0, verbose_name="users at this score")),
                (
                    "board",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="points.board",
                    ),
                ),
            ],
            options={
                "verbose_name": "score bucket",
                "verbose_name_plural": "score buckets",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("board", "period_key", "score"),
                        name="points_scorebucket_one_per_score",
                    )
                ],
            },
        ),
        # The buckets of the scores already there (cheap on any engine, so always kept in step at
        # this point; where points.histogram is not enabled they are not maintained afterwards).
        migrations.RunSQL(
            "INSERT INTO points_scorebucket (board_id, period_key, score, users) "
            "SELECT board_id, period_key, score, COUNT(*) FROM points_boardscore "
            "WHERE score > 0 GROUP BY board_id, period_key, score",
            migrations.RunSQL.noop,
        ),
    ]
