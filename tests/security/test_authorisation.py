"""Every URL the resolver knows x (anonymous, reader, other reader, moderator, staff, admin) -> status.

"Staff" is a staff member without the `manage_models` permission or any admin permission: a moderator
by being staff, refused the model pages and every admin page of a model. The admin is a superuser.

Routes come from the URL resolver, so a new route without a line in EXPECTED fails
`test_every_route_has_an_expectation` until someone decides who may use it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "reader", "other_reader", "moderator", "staff", "admin")
LOGIN = "login"  # a 302 to a login page


def routes(patterns=None, prefix: str = "") -> list[str]:
    """Every route pattern, as the resolver spells it, in resolution order."""
    found = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return found


@dataclass(frozen=True)
class Expect:
    """How one route is called and what each role gets, in the order of ROLES."""

    method: str
    statuses: tuple
    data: tuple = ()


ANYONE = (200, 200, 200, 200, 200, 200)
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200)
MODERATORS = (LOGIN, 403, 403, 200, 200, 200)
MODERATOR_ACTIONS = (LOGIN, 403, 403, 302, 302, 302)
# Model registry pages: staff with scoring.manage_models only (the admin is a superuser; plain staff
# are refused). "<id:pk>"
# is a comment id there, so no model version matches it: a 404 after the permission check.
MODEL_MANAGERS = (LOGIN, 403, 403, 403, 403, 200)
MODEL_MANAGER_ACTIONS = (LOGIN, 403, 403, 403, 403, 302)
NO_SUCH_MODEL = (LOGIN, 403, 403, 403, 403, 404)

# The reader is alice; the other reader is bob. "{pending}" is alice's comment awaiting review,
# "{published}" bob's published comment, "{held}" a held comment by bob.
EXPECTED: dict[str, Expect] = {
    "favicon.ico": Expect("GET", (301,) * 6),
    "": Expect("GET", ANYONE),
    "tags/<str:kind>/<slug:slug>/": Expect("GET", ANYONE),
    "articles/<slug:slug>/": Expect("GET", ANYONE),
    "articles/<slug:slug>/comments/": Expect("POST", (LOGIN,) + (302,) * 5, (("body", "Fair point."),)),
    # Alice's pending comment: only alice may follow its permalink.
    "comments/<id:pk>/": Expect("GET", (404, 302, 404, 404, 404, 404)),
    # Bob's published comment. The service accepts a report from its own author too; the page hides the link.
    "comments/<id:pk>/report/": Expect("POST", SIGNED_IN[:1] + (302,) * 5, (("reason", "spam"),)),
    # Alice's pending comment: only alice learns its outcome; for everyone else it does not exist.
    "comments/<id:pk>/outcome/": Expect("GET", (404, 200, 404, 404, 404, 404)),
    # Alice's pending comment, posted two days ago: only alice may change it, and its edit window is over.
    "comments/<id:pk>/edit/": Expect("POST", (LOGIN, 400) + (404,) * 4, (("body", "Second thoughts"),)),
    "comments/<id:pk>/delete/": Expect("POST", (LOGIN, 302, 404, 404, 404, 404)),
    # Bob's published comment: everyone signed in may up-vote it, except bob himself.
    "comments/<id:pk>/vote/": Expect("POST", (LOGIN, 302, 400, 302, 302, 302)),
    "accounts/login/": Expect("GET", (200, 302, 302, 302, 302, 302)),
    "accounts/logout/": Expect("GET", (405, 405, 405, 405, 405, 405)),
    "accounts/signup/": Expect("GET", (200, 302, 302, 302, 302, 302)),
    "accounts/me/": Expect("GET", SIGNED_IN),
    "accounts/settings/": Expect("GET", SIGNED_IN),
    # Each signed-in reader downloads their own data (a POST: every download is audited).
    "accounts/settings/data/": Expect("POST", SIGNED_IN),
    # The page asks for the password and a choice; the deletion itself is tested in tests/blog.
    "accounts/delete/": Expect("GET", SIGNED_IN),
    # The signed token is the credential: "<str:token>" here is not one, so nobody gets a page.
    "accounts/unsubscribe/<str:token>/": Expect("POST", (404,) * 6),
    "accounts/verify/<str:token>/": Expect("POST", (404,) * 6),
    "accounts/verify-again/": Expect("POST", (LOGIN, 302, 302, 302, 302, 302)),
    "accounts/password_change/": Expect("GET", SIGNED_IN),
    "accounts/password_change/done/": Expect("GET", SIGNED_IN),
    "accounts/password_reset/": Expect("GET", ANYONE),
    "accounts/password_reset/done/": Expect("GET", ANYONE),
    # "<uidb64>/<token>" here is no real link: the page says so.
    "accounts/reset/<uidb64>/<token>/": Expect("GET", ANYONE),
    "accounts/reset/done/": Expect("GET", ANYONE),
    "moderation/": Expect("GET", MODERATORS),
    "moderation/comments/<id:pk>/act/": Expect("POST", MODERATOR_ACTIONS, (("action", "approve"),)),
    "moderation/bulk/": Expect("POST", MODERATOR_ACTIONS, (("action", "approve"), ("ids", "{held}:held"))),
    # mona's approval in the world; an undo by anyone else is refused with a message, not an error.
    "moderation/undo/<id:entry_id>/": Expect("POST", MODERATOR_ACTIONS),
    "moderation/audit/": Expect("GET", MODERATORS),
    "moderation/words/": Expect("GET", MODERATORS),
    "moderation/link-domains/": Expect("GET", MODERATORS),
    # Alice's dossier; trusting her twice is refused with a message, not an error.
    "moderation/readers/<id:user_id>/": Expect("GET", MODERATORS),
    "moderation/readers/<id:user_id>/sanction/": Expect("POST", MODERATOR_ACTIONS, (("kind", "trust"),)),
    "moderation/readers/<id:user_id>/note/": Expect("POST", MODERATOR_ACTIONS, (("text", "Polite so far."),)),
    "moderation/models/": Expect("GET", MODEL_MANAGERS),
    "moderation/models/retrain/": Expect("POST", MODEL_MANAGER_ACTIONS),
    "moderation/models/rollback/": Expect("POST", MODEL_MANAGER_ACTIONS),
    "moderation/models/shadow/": Expect("GET", MODEL_MANAGERS),
    "moderation/models/shadow/set/": Expect("POST", MODEL_MANAGER_ACTIONS),
    "moderation/models/import/": Expect("GET", MODEL_MANAGERS),
    "moderation/models/<id:pk>/": Expect("GET", NO_SUCH_MODEL),
    "moderation/models/<id:pk>/promote/": Expect("POST", MODEL_MANAGER_ACTIONS),
    "moderation/models/<id:pk>/thresholds/": Expect("GET", NO_SUCH_MODEL),
    "moderation/models/<id:pk>/plots/<str:name>": Expect("GET", NO_SUCH_MODEL),
    # Other blogs' doors take an API key, never a login: without one, Akismet says "invalid" (its way)
    # and the REST API 401, whoever is logged in. tests/api holds the key-by-key matrix.
    **{f"akismet/1.1/{name}": Expect("POST", ANYONE)
       for name in ("verify-key", "comment-check", "submit-spam", "submit-ham")},
    **{f"api/v1/{route}": Expect(method, (401,) * 6) for route, method in (
        ("articles/", "POST"), ("comments/", "POST"), ("comments/<int:pk>/", "GET"),
        ("comments/<int:pk>/approve/", "POST"), ("comments/<int:pk>/reject/", "POST"),
        ("comments/<int:pk>/spam/", "POST"), ("queue/", "GET"), ("models/", "GET"),
    )},
    "api/schema/": Expect("GET", ANYONE),
    "api/docs/": Expect("GET", ANYONE),
    # Coral signs its calls; an unsigned one to an unknown phase is refused whoever is logged in.
    "coral/v1/phases/<uuid:phase_id>/": Expect("POST", (401,) * 6),
    # Health for load balancers: 503 here (no worker heartbeat, no broker in this test); metrics are
    # open outside production (tests/api/test_ops.py covers the token and the address list).
    "healthz": Expect("GET", (503,) * 6),
    "metrics": Expect("GET", ANYONE),
}


ADMIN_APPS = {"auth", "blog", "moderation", "api"}


def admin_expectation(route: str, world: dict) -> Expect | None:
    """Admin routes: staff only, so every non-staff role is sent to the admin login page; staff without
    permissions see the index and their own password page, and nothing of any model."""
    if not route.startswith("admin/"):
        return None
    rest = route.removeprefix("admin/")
    if rest == "login/":
        return Expect("GET", (200, 200, 200, 200, 302, 302))
    if rest == "logout/":
        return Expect("GET", (302, 302, 302, 302, 405, 405))  # logging out takes a POST
    return Expect("GET", (LOGIN, LOGIN, LOGIN, LOGIN, staff_status(rest), superuser_status(rest, world)))


def staff_status(rest: str) -> int:
    match = re.fullmatch(r"(\w+)/(\w+)/(.*)", rest)
    if match is None or match.group(1) not in ADMIN_APPS:
        return {"autocomplete/": 403, "r/<path:content_type_id>/<path:object_id>/": 404, "(?P<url>.*)$": 404,
                "^(?P<app_label>auth|blog|moderation|api)/$": 404}.get(rest, 200)
    # The bare object URL only redirects to its change page, which then refuses.
    return 302 if rest.endswith("/<path:object_id>/") and rest.count("/") == 3 else 403


def superuser_status(rest: str, world: dict) -> int:
    match = re.fullmatch(r"(\w+)/(\w+)/(.*)", rest)
    if match is None or match.group(1) not in ADMIN_APPS:
        # index, app lists, password change, jsi18n; autocomplete needs parameters; the catch-all
        # and view-on-site with a made-up target are not found.
        return {"autocomplete/": 403, "r/<path:content_type_id>/<path:object_id>/": 404,
                "(?P<url>.*)$": 404}.get(rest, 200)
    model_admin = model_admin_for(match.group(1), match.group(2))
    request = RequestFactory().get("/")
    request.user = world["admin"]
    page = match.group(3)
    if page == "add/":
        return 200 if model_admin.has_add_permission(request) else 403
    if page.endswith("delete/"):
        return 200 if model_admin.has_delete_permission(request) else 403
    if page == "<path:object_id>/":
        return 302  # Django sends the bare object URL on to its change page
    return 200


def model_admin_for(app_label: str, model_name: str):
    for model, model_admin in admin.site._registry.items():
        if (model._meta.app_label, model._meta.model_name) == (app_label, model_name):
            return model_admin
    raise LookupError(f"{app_label}.{model_name} is not in the admin")


def url_for(route: str, world: dict) -> str:
    """Fill a route's parameters from the world: the object each expectation above is about."""
    pk = world["published"].pk if "report" in route or "vote" in route else world["pending"].pk
    if route.startswith("moderation/"):
        pk = world["held"].pk
    values = {
        "<str:kind>": world["tag"].kind, "<slug:slug>": world["article"].slug, "<id:pk>": str(pk),
        "<id:entry_id>": str(world["decision"].pk), "<id:user_id>": str(world["reader"].pk),
        "<path:content_type_id>": "1", "<path:object_id>": None, "<id>": str(world["reader"].pk),
        "<int:pk>": str(pk), "<uuid:phase_id>": "00000000-0000-4000-8000-000000000000",
        "^(?P<app_label>auth|blog|moderation|api)/$": "blog/", "(?P<url>.*)$": "no-such-page/",
    }
    path = route.replace("<slug:slug>", world["tag"].slug) if route.startswith("tags/") else route
    if "<path:object_id>" in route and not route.startswith("admin/r/"):
        values["<path:object_id>"] = str(admin_object(route, world).pk)
    for parameter, value in values.items():
        path = path.replace(parameter, value or "1")
    return "/" + path


def admin_object(route: str, world: dict):
    app_label, model_name = route.split("/")[1:3]
    model = next(m for m in admin.site._registry if (m._meta.app_label, m._meta.model_name)
                 == (app_label, model_name))
    return model._default_manager.order_by("pk").first()


def status_of(response) -> int | str:
    if response.status_code == 302 and "login/?next=" in response["Location"]:
        return LOGIN
    return response.status_code


def test_every_route_has_an_expectation():
    missing = [r for r in routes() if r not in EXPECTED and not r.startswith("admin/")]

    assert missing == [], f"decide who may use these routes and add them to EXPECTED: {missing}"


@pytest.mark.parametrize("route", routes())
def test_route_answers_each_role_as_expected(route, world):
    expect = EXPECTED.get(route) or admin_expectation(route, world)
    assert expect is not None, f"no expectation for {route}"
    url = url_for(route, world)
    data = {key: value.format(held=world["held"].pk) for key, value in expect.data}
    got = {}
    for role in ROLES:
        client = Client(REMOTE_ADDR="203.0.113.20")
        if world[role] is not None:
            client.force_login(world[role])
        got[role] = status_of(client.get(url) if expect.method == "GET" else client.post(url, data))

    assert got == dict(zip(ROLES, expect.statuses, strict=True)), url
