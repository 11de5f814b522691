from django.urls import path

from moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("comments/<id:pk>/act/", views.act, name="act"),
    path("bulk/", views.bulk, name="bulk"),
    path("undo/<id:entry_id>/", views.undo, name="undo"),
    path("audit/", views.audit_log, name="audit"),
]
