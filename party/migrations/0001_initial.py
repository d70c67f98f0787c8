"""The party app takes over the branches, members and co-building units that communities
kept: state only, the rows stay where they are (communities_* tables, renamed in 0002)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("communities", "0008_place_settings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="CoBuildingUnit",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("agency", "Government agency"),
                                    ("company", "Company"),
                                    ("social_org", "Social organisation"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "contact_name",
                            models.CharField(
                                blank=True, max_length=50, verbose_name="contact person"
                            ),
                        ),
                        (
                            "contact_phone",
                            models.CharField(
                                blank=True, max_length=20, verbose_name="contact phone"
                            ),
                        ),
                        (
                            "pledged_resources",
                            models.TextField(blank=True, verbose_name="pledged resources"),
                        ),
                        (
                            "signed_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="agreement signed on"
                            ),
                        ),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="co_units",
                                to="communities.node",
                                verbose_name="community",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "co-building unit",
                        "db_table": "communities_cobuildingunit",
                        "verbose_name_plural": "co-building units",
                        "ordering": ["community__path", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="PartyBranch",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "founded_on",
                            models.DateField(blank=True, null=True, verbose_name="founded on"),
                        ),
                        (
                            "node",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="party_branches",
                                to="communities.node",
                                verbose_name="place",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "party branch",
                        "db_table": "communities_partybranch",
                        "verbose_name_plural": "party branches",
                        "ordering": ["node__path", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="PartyMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "is_in_service",
                            models.BooleanField(
                                default=False,
                                verbose_name="in-service member (reports to the community)",
                            ),
                        ),
                        (
                            "work_unit",
                            models.CharField(blank=True, max_length=100, verbose_name="work unit"),
                        ),
                        (
                            "reported_on",
                            models.DateField(blank=True, null=True, verbose_name="reported on"),
                        ),
                        (
                            "branch",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="members",
                                to="party.partybranch",
                                verbose_name="branch",
                            ),
                        ),
                        (
                            "reported_community",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reported_party_members",
                                to="communities.node",
                                verbose_name="community reported to",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="party_memberships",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="member",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "party member",
                        "db_table": "communities_partymember",
                        "verbose_name_plural": "party members",
                    },
                ),
                migrations.AddConstraint(
                    model_name="partybranch",
                    constraint=models.UniqueConstraint(
                        fields=("node", "name"), name="party_branch_unique_name"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="partymember",
                    constraint=models.UniqueConstraint(
                        fields=("user",), name="party_member_one_per_user"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="partymember",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("branch__isnull", False),
                            ("reported_community__isnull", False),
                            _connector="OR",
                        ),
                        name="party_member_has_a_place",
                    ),
                ),
            ],
        ),
    ]
