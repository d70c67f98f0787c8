"""Co-building units moved to the party app (same table): the foreign key follows, in state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_lunar_dates"),
        ("party", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="event",
                    name="organiser_unit",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="events",
                        to="party.cobuildingunit",
                        verbose_name="co-building unit",
                    ),
                ),
            ],
        ),
    ]
