"""The moved models take tables of their own name (a rename: every row, key and foreign key
stays), and their content types move with them so permissions and audit entries keep pointing
at them."""

from django.db import migrations

MODELS = ("partybranch", "partymember", "cobuildingunit")


def relabel(apps, from_label, to_label):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # A database that already has the new label (created after the move) keeps both.
        if not content_type.objects.filter(app_label=to_label, model=model).exists():
            content_type.objects.filter(app_label=from_label, model=model).update(
                app_label=to_label
            )


def forwards(apps, schema_editor):
    relabel(apps, "communities", "party")


def backwards(apps, schema_editor):
    relabel(apps, "party", "communities")


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0001_initial"),
        ("communities", "0010_party_moved_out"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="cobuildingunit", table=None),
        migrations.AlterModelTable(name="partybranch", table=None),
        migrations.AlterModelTable(name="partymember", table=None),
        migrations.RunPython(forwards, backwards),
    ]
