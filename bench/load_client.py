"""The load client bench/load.py runs in its own process: steady comment posting, or page readers.

    python bench/load_client.py post PLAN.json OUT.json
    python bench/load_client.py read PLAN.json OUT.json

Standard library only (threads and http.client over loopback), so the same file also drives the
throwaway django-comments-xtd venv. Posting is open-loop: post i is due at start + i / rate, and its
latency is counted from that moment, so a server falling behind shows up as latency instead of as a
quietly lower request rate. A post that gets a 5xx or a connection error is retried with the same
body (which carries a unique reference, so bench/load.py can count duplicates honestly) and the same
form key, as a browser resending the form would. A post the site answers with the off-topic warning
(the form again, status 200) is sent once more with "post anyway", as a reader sure of it would.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode, urlsplit

# The reference every posted body ends with, so the database can be checked post by post.
REF = re.compile(r"\(ref ([a-z-]+)\)\s*$")

MAX_IN_FLIGHT = 64
RETRY_FOR_SECONDS = 90.0


def request(
    base: str, method: str, path: str, headers: dict, body: str | None = None, timeout: float = 30.0
) -> tuple[int, dict]:
    """One request on a fresh loopback connection: (status, lower-cased headers)."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


def fetch_csrf(base: str, path: str, session: str) -> str:
    """The CSRF cookie a logged-in reader gets with the comment form; fetched once per client."""
    status, headers = request(base, "GET", path, {"Cookie": f"sessionid={session}"})
    cookie = headers.get("set-cookie", "")
    if status != 200 or "csrftoken=" not in cookie:
        raise SystemExit(f"no CSRF cookie from {path}: status {status}")
    return cookie.split("csrftoken=", 1)[1].split(";", 1)[0]


def letters(index: int, width: int = 5) -> str:
    """The index in base 26: a reference without digits, which the spam model would read as a phone number."""
    out = ""
    for _ in range(width):
        index, digit = divmod(index, 26)
        out = chr(ord("a") + digit) + out
    return out


def post_with_retries(plan: dict, csrf: str, index: int, due: float) -> dict:
    """Post comment `index` until it gets a non-5xx answer or the retry window closes."""
    reader = plan["sessions"][index % len(plan["sessions"])]
    slug = plan["slugs"][index % len(plan["slugs"])]
    ref = f"{plan['ref_prefix']}{letters(index)}"
    body = f"{plan['bodies'][index % len(plan['bodies'])]}\n\n(ref {ref})"
    # As a browser resends the same form, with its one-time key, so a retried post is saved once.
    # Servers without the key (the xtd comparison never posts) ignore the field.
    key = hashlib.md5(ref.encode()).hexdigest()
    fields = {"csrfmiddlewaretoken": csrf, "body": body, "subject": "", "key": key}
    headers = {"Cookie": f"sessionid={reader}; csrftoken={csrf}",
               "Content-Type": "application/x-www-form-urlencoded"}
    attempts: list[list] = []
    warned = False
    while True:
        sent = time.time()
        try:
            status = request(plan["base_url"], "POST", f"/articles/{slug}/comments/", headers,
                             urlencode(fields))[0]
        except OSError as exc:
            status = f"conn:{type(exc).__name__}"
        attempts.append([sent, time.time(), status])
        if status == 200 and not warned:
            # The form came back: the off-topic warning. This reader posts anyway, as the form offers.
            warned, fields = True, {**fields, "post_anyway": "on"}
            continue
        failed = not isinstance(status, int) or status >= 500
        if not failed or time.time() - due > RETRY_FOR_SECONDS:
            return {"ref": ref, "due": due, "done": time.time(), "status": status, "attempts": attempts,
                    "warned": warned}
        time.sleep(min(0.2 * 2 ** (len(attempts) - 1), 2.0))


def run_posting(plan: dict) -> dict:
    csrf = fetch_csrf(plan["base_url"], f"/articles/{plan['slugs'][0]}/", plan["sessions"][0])
    total = int(plan["rate"] * plan["duration"])
    start = time.time() + 0.5
    with ThreadPoolExecutor(max_workers=MAX_IN_FLIGHT) as pool:
        futures = []
        for index in range(total):
            due = start + index / plan["rate"]
            time.sleep(max(0.0, due - time.time()))
            futures.append(pool.submit(post_with_retries, plan, csrf, index, due))
        posts = [future.result() for future in futures]
    return {"start": start, "end": max(post["done"] for post in posts), "posts": posts}


def run_reading(plan: dict) -> dict:
    """`readers` threads each fetch the page back to back for `duration` seconds."""
    samples: list[list] = []
    lock = threading.Lock()
    stop_at = time.time() + plan["duration"]

    def reader() -> None:
        while time.time() < stop_at:
            started = time.perf_counter()
            try:
                status = request(plan["base_url"], "GET", plan["path"], {}, timeout=600)[0]
            except OSError as exc:
                status = f"conn:{type(exc).__name__}"
            with lock:
                samples.append([time.perf_counter() - started, status])

    threads = [threading.Thread(target=reader) for _ in range(plan["readers"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"samples": samples}


def main() -> None:
    mode, plan_path, out_path = sys.argv[1:4]
    with open(plan_path) as handle:
        plan = json.load(handle)
    result = run_posting(plan) if mode == "post" else run_reading(plan)
    with open(out_path, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
