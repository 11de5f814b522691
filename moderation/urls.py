from django.urls import path

from moderation import reader_views, views, word_views

app_name = "moderation"
urlpatterns = [
    path("", views.queue_view, name="queue"),
    path("comments/<id:pk>/act/", views.act, name="act"),
    path("bulk/", views.bulk, name="bulk"),
    path("undo/<id:entry_id>/", views.undo, name="undo"),
    path("audit/", views.audit_log, name="audit"),
    path("words/", word_views.edit_word_lists, name="word_lists"),
    path("readers/<id:user_id>/", reader_views.dossier, name="dossier"),
    path("readers/<id:user_id>/sanction/", reader_views.sanction, name="sanction"),
    path("readers/<id:user_id>/note/", reader_views.add_note, name="reader_note"),
    path("link-domains/", views.link_domains, name="link_domains"),
]
