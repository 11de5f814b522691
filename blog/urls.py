from django.urls import path

from blog import comment_views, views

app_name = "blog"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("tags/<str:kind>/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("articles/<slug:slug>/", views.article_detail, name="article_detail"),
    path("articles/<slug:slug>/comments/", views.post_comment, name="post_comment"),
    path("comments/<id:pk>/", views.comment_permalink, name="comment_permalink"),
    path("comments/<id:pk>/report/", views.report, name="report_comment"),
    path("comments/<id:pk>/outcome/", comment_views.comment_outcome, name="comment_outcome"),
    path("comments/<id:pk>/edit/", comment_views.edit_comment, name="edit_comment"),
    path("comments/<id:pk>/delete/", comment_views.delete_comment, name="delete_comment"),
    path("comments/<id:pk>/vote/", comment_views.vote, name="vote"),
]
