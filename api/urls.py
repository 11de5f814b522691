from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api import akismet, coral, rest

akismet_patterns = [
    path("1.1/verify-key", akismet.verify_key, name="akismet_verify_key"),
    path("1.1/comment-check", akismet.comment_check, name="akismet_comment_check"),
    path("1.1/submit-spam", akismet.submit_spam, name="akismet_submit_spam"),
    path("1.1/submit-ham", akismet.submit_ham, name="akismet_submit_ham"),
]
coral_patterns = [
    path("v1/phases/<uuid:phase_id>/", coral.phase, name="coral_phase"),
]
v1_patterns = [
    path("articles/", rest.ArticleRegister.as_view(), name="articles"),
    path("comments/", rest.CommentSubmit.as_view(), name="comments"),
    path("comments/<int:pk>/", rest.CommentDetail.as_view(), name="comment"),
    path("comments/<int:pk>/approve/", rest.Approve.as_view(), name="approve"),
    path("comments/<int:pk>/reject/", rest.Reject.as_view(), name="reject"),
    path("comments/<int:pk>/spam/", rest.Spam.as_view(), name="spam"),
    path("queue/", rest.Queue.as_view(), name="queue"),
    path("models/", rest.Models.as_view(), name="models"),
]
api_patterns = [
    path("v1/", include(v1_patterns)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
