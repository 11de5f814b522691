from django.urls import path

from moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("comments/<id:pk>/act/", views.act, name="act"),
    path("bulk/", views.bulk, name="bulk"),
    path("audit/", views.audit_log, name="audit"),
]
