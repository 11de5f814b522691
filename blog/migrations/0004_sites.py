"""Sites own articles: Pitlane's own site is created here and every existing article is given to it."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import blog.models


def give_articles_to_home_site(apps, schema_editor):
    Site = apps.get_model("blog", "Site")
    Article = apps.get_model("blog", "Article")
    home, _ = Site.objects.get_or_create(
        is_home=True, defaults={"name": settings.PITLANE_SITE_NAME, "url": settings.PITLANE_SITE_URL}
    )
    Article.objects.filter(site__isnull=True).update(site=home)


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0003_loginalert"),
    ]

    operations = [
        migrations.CreateModel(
            name="Site",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                ("url", models.URLField(help_text="The blog's front page.", max_length=300)),
                ("is_home", models.BooleanField(default=False, editable=False)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.AddConstraint(
            model_name="site",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_home", True)), fields=("is_home",), name="one_home_site"
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="site",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="articles", to="blog.site"
            ),
        ),
        migrations.RunPython(give_articles_to_home_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="site",
            field=models.ForeignKey(
                default=blog.models.home_site_id, on_delete=django.db.models.deletion.PROTECT,
                related_name="articles", to="blog.site",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="url",
            field=models.URLField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="article",
            name="external_id",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("url", ""), _negated=True), fields=("site", "url"), name="unique_article_url"
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                condition=models.Q(("external_id", ""), _negated=True), fields=("site", "external_id"),
                name="unique_article_external_id",
            ),
        ),
    ]
