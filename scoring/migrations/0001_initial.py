"""The model registry's tables join the scoring app: state only, the tables and their rows stay.

Migration 0002 then renames the tables to this app's names and moves their content types, so the
"manage models" permission granted to staff follows the models.
"""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('moderation', '0003_model_registry'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='ImportedCorpus',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('format', models.CharField(choices=[('jsonl', 'Pitlane JSONL'), ('youtube', 'YouTube Spam Collection CSV'), ('20news', '20 Newsgroups folder or .tar.gz')], max_length=10)),
                ('counts', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('imported_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'moderation_importedcorpus',
                'verbose_name_plural': 'imported corpora',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ImportedExample',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('article_title', models.CharField(blank=True, max_length=300)),
                ('article_body', models.TextField(blank=True)),
                ('parent_body', models.TextField(blank=True)),
                ('body', models.TextField()),
                ('label', models.CharField(max_length=10)),
                ('kind', models.CharField(blank=True, max_length=30)),
                ('group', models.CharField(blank=True, max_length=200)),
                ('corpus', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='examples', to='scoring.importedcorpus')),
            ],
            options={
                'db_table': 'moderation_importedexample',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='ModelVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.CharField(blank=True, db_index=True, max_length=80)),
                ('directory', models.CharField(blank=True, max_length=500)),
                ('sha256', models.CharField(blank=True, max_length=64)),
                ('status', models.CharField(choices=[('training', 'Training'), ('ready', 'Ready'), ('failed', 'Failed')], default='training', max_length=10)),
                ('progress', models.PositiveSmallIntegerField(default=0, help_text='Percent done while training.')),
                ('progress_note', models.CharField(blank=True, max_length=200)),
                ('error', models.TextField(blank=True)),
                ('metrics', models.JSONField(blank=True, default=dict, help_text='Thresholds and out-of-fold metrics.')),
                ('training_summary', models.JSONField(blank=True, default=dict)),
                ('report', models.JSONField(blank=True, default=dict, help_text='Candidate against live on held-out rows.')),
                ('note', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('promoted_at', models.DateTimeField(blank=True, null=True)),
                ('is_active', models.BooleanField(default=False)),
                ('is_shadow', models.BooleanField(default=False)),
                ('shadow_since', models.DateTimeField(blank=True, null=True)),
                ('promoted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('trained_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'moderation_modelversion',
                'ordering': ['-created_at', '-id'],
                'permissions': [('manage_models', 'Can retrain, promote and roll back scoring models')],
            },
        ),
        migrations.CreateModel(
            name='ModelAuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('retrain', 'Retrain requested'), ('promote', 'Promoted'), ('rollback', 'Rolled back'), ('shadow_on', 'Shadow scoring started'), ('shadow_off', 'Shadow scoring stopped'), ('thresholds', 'Hold thresholds changed')], max_length=12)),
                ('details', models.JSONField(blank=True, default=dict)),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('model', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='audit_entries', to='scoring.modelversion')),
                ('previous', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='scoring.modelversion')),
            ],
            options={
                'db_table': 'moderation_modelauditentry',
                'verbose_name_plural': 'model audit entries',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='modelversion',
            constraint=models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('is_active',), name='one_live_model'),
        ),
        migrations.AddConstraint(
            model_name='modelversion',
            constraint=models.UniqueConstraint(condition=models.Q(('is_shadow', True)), fields=('is_shadow',), name='one_shadow_model'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]
