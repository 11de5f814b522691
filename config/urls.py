from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, register_converter

from api import ops
from api.urls import akismet_patterns, api_patterns, coral_patterns
from blog.ids import IdConverter
from blog.login_limits import guarded_login

# <id:pk> in every app: ids beyond the database's integer range are a 404, not a 500.
register_converter(IdConverter, "id")


def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page says; point them at the icon."""
    return redirect(static("favicon.svg"), permanent=True)


urlpatterns = [
    path("favicon.ico", favicon),
    # The admin's own login shares the reader login's limiter, so it is no way around them.
    path("admin/login/", guarded_login(admin.site.login)),
    path("admin/", admin.site.urls),
    path("accounts/", include("blog.account_urls")),
    # The model pages keep the address they had inside the moderation pages.
    path("moderation/models/", include("scoring.urls")),
    path("moderation/", include("moderation.urls")),
    path("healthz", ops.healthz, name="healthz"),
    path("metrics", ops.metrics_view, name="metrics"),
    path("akismet/", include((akismet_patterns, "akismet"))),
    path("api/", include((api_patterns, "api"))),
    path("coral/", include((coral_patterns, "coral"))),
    path("", include("blog.urls")),
]
# JSON for unknown addresses under /api/, the usual page elsewhere.
handler404 = "api.rest.not_found"
