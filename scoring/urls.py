from django.urls import path

from scoring import views

app_name = "scoring"
urlpatterns = [
    path("", views.model_list, name="models"),
    path("retrain/", views.retrain, name="model_retrain"),
    path("rollback/", views.rollback, name="model_rollback"),
    path("shadow/", views.shadow_page, name="model_shadow"),
    path("shadow/set/", views.set_shadow, name="model_set_shadow"),
    path("import/", views.import_corpus, name="model_import"),
    path("<id:pk>/", views.model_report, name="model_report"),
    path("<id:pk>/promote/", views.promote, name="model_promote"),
    path("<id:pk>/thresholds/", views.thresholds, name="model_thresholds"),
    path("<id:pk>/plots/<str:name>", views.model_plot, name="model_plot"),
]
