"""WSGI entry point for gunicorn (run it with --preload, as the Dockerfile does)."""
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Import every view and what it imports (the model pages pull in scikit-learn) now, at start-up. Left to
# Django's lazy URLconf, each worker paid seconds for it inside its first request; with --preload the
# master pays once and the forked workers share the imported modules.
_urlconf_loaded = get_resolver().url_patterns
