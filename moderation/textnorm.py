"""One text normalisation for everything that compares reader text: word lists, usernames, link hosts.

Pure Python (no Django), so the policy and the ml package can use it too.

Look-alike letters come from Unicode's confusables table (UTS #39) as shipped by the
`confusable-homoglyphs` package: every non-ASCII character that the table lists as a homoglyph of
one ASCII letter or digit folds to that character. Script names (for mixed-script names) come from
the same package. Both tables load once, on first use.
"""
from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs import categories, confusables

# Directional formatting characters (Unicode's bidi controls): they reorder what a reader sees
# ("moc.elgoog" shown as "google.com") without changing what a machine reads.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Invisible characters that are not category Cf but still hide inside words.
INVISIBLE_EXTRA = frozenset("\u034f\u115f\u1160\u3164\uffa0\u2800")
# Where the shipped table's choice is not what a reader sees in a host or word: the Cyrillic
# palochka is the "l" of the well-known "аррӏе.com" spoof.
READS_AS = {"\u04cf": "l", "\u04c0": "l"}
# Scripts every name may mix with any one other (digits, punctuation, combining marks).
NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED", "Unknown"})
# After folding, the ASCII look-alikes that still confuse a reader in a name (UTS #39 skeleton style).
ASCII_SKELETON = (("rn", "m"), ("vv", "w"), ("1", "l"), ("i", "l"), ("|", "l"), ("0", "o"))


def fold(text: str) -> str:
    """The comparable form of `text`: what a reader would read, whatever characters spell it.

    1. NFKC (full-width and styled letters, ligatures) then NFD, so accents become separate marks.
    2. Drop invisible and format characters (zero-width space, soft hyphen, bidi controls) and
       combining marks, so "id\u00adiot", "idi\u200bot" and "ìdiot" read as "idiot".
    3. Fold Cyrillic, Greek and other look-alike letters to the ASCII letter they imitate.
    4. Casefold and recompose.
    """
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
    table = _skeleton_table()
    kept = "".join(table.get(ch, ch) for ch in text if not _is_hidden(ch))
    return unicodedata.normalize("NFC", kept.casefold())


def skeleton(text: str) -> str:
    """A stricter key for names: `fold` plus ASCII look-alikes ("rn" as "m", "1" and "i" as "l")."""
    key = fold(text)
    for look_alike, letter in ASCII_SKELETON:
        key = key.replace(look_alike, letter)
    return key


def strip_bidi(text: str) -> str:
    """`text` without directional controls (a right-to-left override can disguise a link or name)."""
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS)


def scripts(text: str) -> set[str]:
    """The scripts of the letters in `text` (LATIN, CYRILLIC, GREEK ...), neutral characters left out."""
    return {categories.alias(ch) for ch in text} - NEUTRAL_SCRIPTS


def is_mixed_script(text: str) -> bool:
    """Whether `text` mixes letters of more than one script (the shape of a spoofed name)."""
    return len(scripts(unicodedata.normalize("NFKC", text))) > 1


def display_host(host: str) -> str:
    """A host as ASCII for display: internationalised labels as punycode ("xn--80ak6aa92e.com").

    A host that IDNA refuses is still shown in ASCII, label by label, so nothing Unicode survives.
    """
    host = strip_bidi(host)
    if host.isascii():
        return host.lower()
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return ".".join(_punycode_label(label) for label in host.split("."))


def _punycode_label(label: str) -> str:
    if label.isascii():
        return label.lower()
    return "xn--" + label.lower().encode("punycode").decode("ascii")


def _is_hidden(ch: str) -> bool:
    return ch in INVISIBLE_EXTRA or unicodedata.category(ch) in ("Cf", "Mn", "Me")


@cache
def _skeleton_table() -> dict[str, str]:
    """Non-ASCII character -> the ASCII letter or digit it imitates (lower case preferred)."""
    table: dict[str, str] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        targets = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum()]
        if targets:
            table[char] = min(targets, key=_target_preference)
    return table | READS_AS


def _target_preference(letter: str) -> tuple[int, str]:
    return (0 if letter.islower() else 1 if letter.isupper() else 2, letter)
