from django.urls import path

from api import akismet

app_name = "api"
akismet_urls = [
    path("1.1/verify-key", akismet.verify_key, name="akismet_verify_key"),
    path("1.1/comment-check", akismet.comment_check, name="akismet_comment_check"),
    path("1.1/submit-spam", akismet.submit_spam, name="akismet_submit_spam"),
    path("1.1/submit-ham", akismet.submit_ham, name="akismet_submit_ham"),
]
urlpatterns = akismet_urls
