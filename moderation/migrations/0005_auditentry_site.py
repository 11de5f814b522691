import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0004_sites"),
        ("moderation", "0004_model_registry_moves_to_scoring"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="site",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to="blog.site",
            ),
        ),
    ]
