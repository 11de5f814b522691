"""The model registry now belongs to the scoring app (scoring 0001): forget it here, keep its tables."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("moderation", "0003_model_registry"),
        ("scoring", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.DeleteModel(name="ModelAuditEntry"),
            migrations.DeleteModel(name="ImportedExample"),
            migrations.DeleteModel(name="ImportedCorpus"),
            migrations.DeleteModel(name="ModelVersion"),
        ]),
    ]
