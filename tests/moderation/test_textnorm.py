"""The one text normalisation: look-alike letters, invisible characters, bidi controls, IDN hosts."""

import subprocess
import sys

import pytest

from moderation.textnorm import display_host, fold, is_mixed_script, skeleton, strip_bidi


@pytest.mark.parametrize(
    "disguised",
    [
        "id\u00adiot",  # soft hyphen
        "idi\u200bot",  # zero-width space
        "i\u200ddi\u2060ot",  # zero-width joiner, word joiner
        "іdіot",  # Cyrillic і
        "ｉｄｉｏｔ",  # full-width
        "𝐢𝐝𝐢𝐨𝐭",  # mathematical bold
        "IDIOT",
        "ìdiót",  # accents
        "i\u0336diot",  # combining strike-through
        "idi\u202eot",  # right-to-left override
    ],
)
def test_disguised_spellings_fold_to_the_plain_word(disguised):
    assert fold(disguised) == "idiot"


def test_greek_and_cyrillic_look_alikes_fold_to_latin():
    assert fold("mоdеrаtоr") == "moderator"  # Cyrillic о, е, а
    assert fold("Αlpine") == "alpine"  # Greek capital alpha
    assert fold("аррӏе") == "apple"  # Cyrillic а, р, palochka


def test_plain_text_is_only_casefolded():
    assert fold("Renault 5 E-Tech, 52 kWh!") == "renault 5 e-tech, 52 kwh!"


def test_text_in_another_script_keeps_its_own_letters():
    assert fold("Дом") == fold("дом")
    assert fold("дом").startswith("д")


def test_skeleton_also_folds_ascii_look_alikes_for_names():
    assert skeleton("rnoderat0r") == skeleton("moderator")
    assert skeleton("Admin1") == skeleton("admlnl")
    assert fold("rnoderator") != fold("moderator")


def test_strip_bidi_removes_every_directional_control_and_nothing_else():
    assert strip_bidi("\u2067abc\u202efdp.exe\u200f\u2069") == "abcfdp.exe"
    assert strip_bidi("café – ok") == "café – ok"


def test_mixed_script_is_detected_but_digits_and_punctuation_are_neutral():
    assert is_mixed_script("mоderator")  # Cyrillic о
    assert not is_mixed_script("moderator_2.0")
    assert not is_mixed_script("Дмитрий-7")
    assert not is_mixed_script("José")


def test_internationalised_host_is_displayed_as_punycode():
    assert display_host("аррӏе.com") == "xn--80ak6aa92e.com"
    assert display_host("bücher.de") == "xn--bcher-kva.de"
    assert display_host("Example.COM") == "example.com"


def test_host_idna_refuses_is_still_shown_in_ascii():
    shown = display_host("a\u202eb" + "x" * 70 + "é.com")
    assert shown.isascii()
    assert "\u202e" not in shown


def test_textnorm_imports_without_django():
    code = "import sys, moderation.textnorm; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
