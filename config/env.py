"""Reading settings from the environment: a bad value stops start-up with a message naming the variable."""
import ipaddress
import os
import re

from django.core.exceptions import ImproperlyConfigured


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no", "on", "off", ""}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes", "on"}


def envint(name: str, default: str) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer") from exc


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envrate(name: str, default: str) -> str:
    """A rate limit such as "6/m": a count per second, minute, hour or day."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"[1-9][0-9]*/[smhd]", value):
        raise ImproperlyConfigured(f"{name} must look like 6/m (count/s, m, h or d), not {value!r}")
    return value


def envnetworks(name: str) -> list[str]:
    """Comma-separated IP networks ("10.0.0.0/8,127.0.0.1"); anything else stops start-up."""
    networks = envlist(name)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as error:
            raise ImproperlyConfigured(f"{name}: {network!r} is not a network") from error
    return networks


def envsiteurl(name: str, default: str) -> str:
    """A site's own address, scheme and host only (e-mails build absolute links from it)."""
    value = os.environ.get(name, default).rstrip("/")
    if not re.fullmatch(r"https?://[^/\s]+", value):
        raise ImproperlyConfigured(f"{name} must be http(s)://host[:port] with no path, not {value!r}")
    return value


def cache_from_url(url: str) -> dict:
    if url.startswith(("redis://", "rediss://")):
        # Short timeouts: a Redis outage makes the rate limiter fail open instead of hanging requests.
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "OPTIONS": options}
    if url == "locmem://":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pitlane"}
    raise ImproperlyConfigured(f"CACHE_URL must be redis://... or locmem://, not {url!r}")
