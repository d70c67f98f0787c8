import core.append_only
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [core.append_only.RefuseTruncate(model_name="auditentry")]
