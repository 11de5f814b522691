"""The django-comments-xtd comparison for bench/load.py --xtd: a throwaway venv and project under /tmp.

Nothing here is part of Pitlane. The venv (/tmp/pitlane-xtd-venv, kept between runs to save the
download) gets the same Django minor version as ours plus django-comments-xtd and gunicorn; the project
is generated at run time into the stack's temp directory, uses a separate database on the bench's own
PostgreSQL cluster, and receives our 5,000-comment thread (same ids, authors, text and tree) as
XtdComment rows. Its page renders the whole tree with xtd's stock `render_xtdcomment_tree`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import django

VENV = Path("/tmp/pitlane-xtd-venv")
PROJECT_FILES = {
    "manage.py": """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xtdsite.settings")
from django.core.management import execute_from_command_line
execute_from_command_line(sys.argv)
""",
    "xtdsite/__init__.py": "",
    "xtdsite/settings.py": """
import os
SECRET_KEY = "throwaway-xtd-bench-key-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
    "django.contrib.messages", "django.contrib.sites", "rest_framework",
    "django_comments_xtd", "django_comments", "news",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "xtdsite.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [], "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.contrib.messages.context_processors.messages"]}}]
import dj_database_url_shim  # noqa: E402  (tiny helper written next to this file)
DATABASES = {"default": dj_database_url_shim.parse(os.environ["XTD_DATABASE_URL"])}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 5
COMMENTS_XTD_CONFIRM_EMAIL = False
STATIC_URL = "static/"
""",
    "dj_database_url_shim.py": """
from urllib.parse import urlsplit
def parse(url):
    u = urlsplit(url)
    return {"ENGINE": "django.db.backends.postgresql", "NAME": u.path.lstrip("/"), "USER": u.username,
            "HOST": u.hostname, "PORT": u.port, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
""",
    "xtdsite/urls.py": """
from django.urls import include, path
from news import views
urlpatterns = [
    path("articles/<slug:slug>/", views.article_detail),
    path("comments/", include("django_comments_xtd.urls")),
]
""",
    "xtdsite/wsgi.py": """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xtdsite.settings")
from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()
""",
    "news/__init__.py": "",
    "news/models.py": """
from django.db import models
class Article(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    def get_absolute_url(self):
        return f"/articles/{self.slug}/"
""",
    "news/views.py": """
from django.shortcuts import get_object_or_404, render
from news.models import Article
def article_detail(request, slug):
    return render(request, "news/article.html", {"article": get_object_or_404(Article, slug=slug)})
""",
    "news/templates/news/article.html": """{% load comments comments_xtd %}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ article.title }}</title></head><body>
<article><h1>{{ article.title }}</h1>{{ article.body|linebreaks }}</article>
{% get_comment_count for article as comment_count %}<h2>{{ comment_count }} comments</h2>
<section>{% render_xtdcomment_tree for article %}</section></body></html>
""",
    "load_thread.py": """
import json, sys
from datetime import datetime
import django
django.setup()
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import connection, transaction
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment
from news.models import Article
data = json.load(open(sys.argv[1]))
article = Article.objects.create(slug=data["slug"], title=data["title"], body=data["body"])
users = {name: User.objects.create(username=name, email=f"{name}@example.com") for name in data["authors"]}
kind, site = ContentType.objects.get_for_model(Article), Site.objects.get_current()
base = [Comment(
    id=c["id"], content_type=kind, object_pk=str(article.pk), site=site, user=users[c["author"]],
    user_name=c["author"], user_email=f"{c['author']}@example.com", comment=c["body"],
    submit_date=datetime.fromisoformat(c["created_at"]), is_public=True, is_removed=False,
) for c in data["comments"]]
# Multi-table inheritance rules out XtdComment.objects.bulk_create: the base rows go in bulk, the
# xtd rows (thread, parent, level, order as xtd's own save would have set them) by plain SQL.
table = XtdComment._meta.db_table
with transaction.atomic(), connection.cursor() as cursor:
    rows = Comment.objects.bulk_create(base, batch_size=500)
    cursor.executemany(
        f'INSERT INTO {table} (comment_ptr_id, thread_id, parent_id, level, "order", followup, nested_count)'
        " VALUES (%s, %s, %s, %s, %s, false, %s)",
        [(c["id"], c["thread_id"], c["parent_id"], c["level"], c["order"], c["nested_count"])
         for c in data["comments"]],
    )
print(len(rows))
""",
}


def ensure_venv(log: Path) -> None:
    """Create the throwaway venv once: Django of our minor version, django-comments-xtd, gunicorn."""
    if (VENV / "bin" / "gunicorn").exists():
        return
    minor = ".".join(django.__version__.split(".")[:2])
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    packages = [f"Django~={minor}.0", "django-comments-xtd", "gunicorn", "psycopg[binary]"]
    with log.open("ab") as out:
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", *packages], check=True, stdout=out,
                       stderr=subprocess.STDOUT)


def write_project(root: Path) -> None:
    for name, text in PROJECT_FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip())


def project_env(root: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}}
    return {**env, "VIRTUAL_ENV": str(VENV), "XTD_DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "xtdsite.settings", "PYTHONPATH": str(root)}


def set_up_project(root: Path, database_url: str, thread_json: Path, log: Path) -> dict[str, str]:
    """Generate, migrate and fill the xtd project; returns the environment gunicorn needs."""
    write_project(root)
    env = project_env(root, database_url)
    python = str(VENV / "bin" / "python")
    with log.open("ab") as out:
        for args in (["manage.py", "makemigrations", "news"], ["manage.py", "migrate"],
                     ["load_thread.py", str(thread_json)]):
            subprocess.run([python, *args], cwd=root, env=env, check=True, stdout=out,
                           stderr=subprocess.STDOUT)
    return env


def export_thread(article, path: Path) -> int:
    """Our thread in xtd's shape: thread id, parent (itself for the root), level and preorder position."""
    from blog.models import Comment

    rows = list(Comment.objects.filter(article=article).order_by("created_at", "pk")
                .values("pk", "parent_id", "root_id", "depth", "author__username", "body", "created_at"))
    children: dict[int | None, list[dict]] = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    order, nested = _preorder(children)
    comments = [{
        "id": r["pk"], "parent_id": r["parent_id"] or r["pk"], "thread_id": r["root_id"], "level": r["depth"],
        "order": order[r["pk"]], "nested_count": nested[r["pk"]], "author": r["author__username"],
        "body": r["body"], "created_at": r["created_at"].isoformat(),
    } for r in rows]
    authors = sorted({c["author"] for c in comments})
    data = {"slug": article.slug, "title": article.title, "body": article.body, "authors": authors,
            "comments": comments}
    path.write_text(json.dumps(data))
    return len(comments)


def _preorder(children: dict) -> tuple[dict[int, int], dict[int, int]]:
    """Position of each comment in its thread's depth-first order, and how many replies sit under it."""
    order: dict[int, int] = {}
    nested: dict[int, int] = {}
    for root in children.get(None, []):
        stack, position = [(root, False)], 0
        while stack:
            row, done = stack.pop()
            if done:
                nested[row["pk"]] = sum(1 + nested[c["pk"]] for c in children.get(row["pk"], []))
                continue
            position += 1
            order[row["pk"]] = position
            stack.append((row, True))
            stack.extend((child, False) for child in reversed(children.get(row["pk"], [])))
    return order, nested
