"""Branches, members and co-building units now belong to the party app (party 0001 took them
over in state); communities forgets them without touching a row."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0009_place_shapes"),
        ("party", "0001_initial"),
        ("cases", "0005_units_in_party"),
        ("events", "0004_units_in_party"),
        ("bookings", "0003_units_in_party"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="responsibilityteam",
                    name="units",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="responsibility_teams",
                        to="party.cobuildingunit",
                        verbose_name="units",
                    ),
                ),
                migrations.DeleteModel(name="PartyMember"),
                migrations.DeleteModel(name="PartyBranch"),
                migrations.DeleteModel(name="CoBuildingUnit"),
            ],
        ),
    ]
