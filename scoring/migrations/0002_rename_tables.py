"""Rename the registry's tables to the scoring app's names; move their content types (and permissions)."""
from django.db import migrations

MODELS = ("modelversion", "modelauditentry", "importedcorpus", "importedexample")


def move_content_types(apps, schema_editor, source="moderation", target="scoring"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="scoring", target="moderation")


class Migration(migrations.Migration):

    dependencies = [
        ("scoring", "0001_initial"),
        ("moderation", "0004_model_registry_moves_to_scoring"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="modelversion", table=None),
        migrations.AlterModelTable(name="modelauditentry", table=None),
        migrations.AlterModelTable(name="importedcorpus", table=None),
        migrations.AlterModelTable(name="importedexample", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
