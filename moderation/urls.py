from django.urls import path

from moderation import model_views, views

app_name = "moderation"
urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("comments/<int:pk>/act/", views.act, name="act"),
    path("bulk/", views.bulk, name="bulk"),
    path("audit/", views.audit_log, name="audit"),
    path("models/", model_views.model_list, name="models"),
    path("models/retrain/", model_views.retrain, name="model_retrain"),
    path("models/rollback/", model_views.rollback, name="model_rollback"),
    path("models/shadow/", model_views.shadow_page, name="model_shadow"),
    path("models/shadow/set/", model_views.set_shadow, name="model_set_shadow"),
    path("models/import/", model_views.import_corpus, name="model_import"),
    path("models/<int:pk>/", model_views.model_report, name="model_report"),
    path("models/<int:pk>/promote/", model_views.promote, name="model_promote"),
    path("models/<int:pk>/thresholds/", model_views.thresholds, name="model_thresholds"),
    path("models/<int:pk>/plots/<str:name>", model_views.model_plot, name="model_plot"),
]
