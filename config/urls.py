from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("blog.account_urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("blog.urls")),
]
