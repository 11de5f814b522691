"""Point this process's Celery app at another broker (a dead port, a private redis-server) and back."""
from config.celery_app import app


def point_app_at(url: str) -> str:
    """Switch the broker URLs and drop cached connection and producer pools; the previous URL.

    Celery resolves the read and write URLs from the broker URL when it loads its settings (5.6), so
    all three are set; the CELERY_-prefixed key is what a Django-configured app reads first.
    """
    previous = app.conf.broker_write_url or app.conf.broker_url
    app.conf.update(broker_url=url, broker_write_url=url, broker_read_url=url, CELERY_BROKER_URL=url)
    app._pool = None
    app.amqp._producer_pool = None
    return previous
