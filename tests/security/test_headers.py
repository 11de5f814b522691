"""Every response carries a strict Content-Security-Policy and a Permissions-Policy."""
import re

from django.test import Client


def test_pages_carry_a_strict_csp_without_inline_script(client, article):
    csp = client.get(article.get_absolute_url())["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_pages_carry_a_permissions_policy_turning_features_off(client, article):
    policy = client.get(article.get_absolute_url())["Permissions-Policy"]

    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_errors_and_the_admin_carry_the_headers_too(db):
    client = Client()
    for path in ("/no-such-page/", "/admin/login/"):
        response = client.get(path)
        assert "Content-Security-Policy" in response, path
        assert "Permissions-Policy" in response, path


def test_our_templates_have_no_inline_script_or_style_for_the_csp_to_block(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son\w+=", html)
    assert " style=" not in html
