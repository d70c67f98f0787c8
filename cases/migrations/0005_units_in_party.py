"""Co-building units moved to the party app (same table): the foreign keys follow, in state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_open311_media_url_and_client_place"),
        ("party", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="assignee_unit",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases_assigned",
                        to="party.cobuildingunit",
                        verbose_name="assigned to co-building unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseevent",
                    name="to_unit",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="party.cobuildingunit",
                    ),
                ),
            ],
        ),
    ]
