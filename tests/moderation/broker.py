"""Point this process's Celery app at another broker (a dead port, a private redis-server) and back."""
from config.celery_app import app


def point_app_at(url: str) -> str:
    """Switch the broker URL and drop cached connection and producer pools; the previous URL."""
    previous = app.conf.broker_url
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    return previous
