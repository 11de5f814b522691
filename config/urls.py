from django.contrib import admin
from django.urls import include, path

from blog.limits import LOGIN_PER_IP, LOGIN_PER_USERNAME, limited

urlpatterns = [
    # The admin's own login shares the reader login's limits, so it is no way around them.
    path("admin/login/", limited(LOGIN_PER_IP, LOGIN_PER_USERNAME)(admin.site.login)),
    path("admin/", admin.site.urls),
    path("accounts/", include("blog.account_urls")),
    path("moderation/", include("moderation.urls")),
    path("", include("blog.urls")),
]
