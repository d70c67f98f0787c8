"""Count the place counters of existing data once (cases.counters, communities.captained)."""

from django.db import migrations


def count_existing(apps, schema_editor):
    # A new database has nothing to count (and later schemas must not be asked of the current
    # code): only a database with places runs the rebuild, with the sources registered now.
    if not apps.get_model("communities", "Node").objects.exists():
        return
    from communities.counters import counters_rebuild

    counters_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0014_place_counters"),
        ("cases", "0005_units_in_party"),
    ]

    operations = [migrations.RunPython(count_existing, migrations.RunPython.noop)]
