"""Comment bodies become safe HTML: escaped, bare http(s)/www links with nofollow, line breaks kept."""
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blog.text import render_comment_body

REL = 'rel="nofollow ugc noopener"'


def html(text: str) -> str:
    return str(render_comment_body(text))


def test_markup_is_escaped():
    assert html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_bare_https_url_becomes_a_nofollow_link():
    assert html("See https://alpine-cars.com/a110 now") == (
        f'<p>See <a href="https://alpine-cars.com/a110" {REL}>https://alpine-cars.com/a110</a> now</p>'
    )


def test_www_address_links_to_http():
    assert f'<a href="http://www.autonation.com" {REL}>www.autonation.com</a>' in html("www.autonation.com")


def test_trailing_sentence_punctuation_stays_outside_the_link():
    assert html("Read https://example.com/report.") == (
        f'<p>Read <a href="https://example.com/report" {REL}>https://example.com/report</a>.</p>'
    )


def test_brackets_around_a_link_stay_outside_it_but_brackets_inside_are_kept():
    out = html("(see https://en.wikipedia.org/wiki/Alpine_(automobile)) and (https://a.com)")
    assert 'href="https://en.wikipedia.org/wiki/Alpine_(automobile)"' in out
    assert 'href="https://a.com"' in out


def test_quotes_cannot_break_out_of_the_href():
    out = html('http://evil.com/"onmouseover="alert(1)')
    assert 'href="http://evil.com/"' in out
    assert 'onmouseover="' not in out
    assert "&quot;onmouseover=&quot;alert(1)" in out


def test_ampersands_in_links_are_escaped():
    assert 'href="https://x.com/?a=1&amp;b=2"' in html("https://x.com/?a=1&b=2")


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JavaScript://%0aalert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "mailto:someone@example.com",
        "ftp://files.example.com",
        "someone@www.example.com",
        "http:// and www. alone",
    ],
)
def test_other_schemes_and_fragments_are_never_linked(text):
    assert "<a " not in html(text)


def test_javascript_url_wrapping_a_web_address_links_only_the_web_address():
    out = html("javascript:https://evil.com")
    assert "href=\"javascript" not in out and "javascript:" in out


def test_line_breaks_and_paragraphs_are_kept():
    assert html("First line\nsecond line\r\n\r\nNew paragraph") == (
        "<p>First line<br>second line</p><p>New paragraph</p>"
    )


def test_long_link_text_is_shortened_but_href_is_whole():
    url = "https://example.com/" + "a" * 100
    out = html(url)
    assert f'href="{url}"' in out and "…</a>" in out


HOSTILE_PIECES = [*"<>\"'&=:/. \nahjsvtw()@`", "http://", "https://", "www.", "javascript:", "<script>", "&#"]


@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=40).map("".join))
def test_no_reader_text_produces_any_tag_but_p_br_and_safe_links(text):
    out = html(text)
    for tag in re.findall(r"<[^>]*>", out):
        assert tag in ("<p>", "</p>", "<br>", "</a>") or re.fullmatch(
            rf'<a href="https?://[^"<>\s]+" {REL}>', tag
        ), tag


def test_internationalised_host_is_linked_and_shown_in_punycode():
    out = html("Log in at https://аррӏе.com/login now")

    assert f'<a href="https://xn--80ak6aa92e.com/login" {REL}>https://xn--80ak6aa92e.com/login</a>' in out
    assert "аррӏе" not in out


def test_www_address_with_an_international_host_is_shown_in_punycode():
    assert 'href="http://www.xn--bcher-kva.de/x"' in html("www.bücher.de/x")


def test_path_and_query_keep_their_own_characters():
    out = html("https://example.com/wiki/Citroën?q=é")
    assert "https://example.com/wiki/Citroën?q=é" in out


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200f"])
def test_bidi_controls_are_stripped_from_text_and_link_text(control):
    out = html(f"safe{control}txt.exe and https://exa{control}mple.com/{control}x")

    assert control not in out
    assert "safetxt.exe" in out
    assert 'href="https://example.com/x"' in out
