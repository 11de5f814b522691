"""The README's configuration tables and the code agree: every variable the settings read is documented,
and every documented variable is read by the settings or by the file its row names."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = r"[A-Z][A-Z0-9_]{2,}"
READS = re.compile(
    rf"""(?:env\w+\(|os\.environ\.get\(|os\.environ\[)\s*["']({NAME})["']"""
    rf"""|["']({NAME})["'] not in os\.environ"""
)
DOCUMENTED = re.compile(rf"`\$?({NAME})`")
# A row of the "Read outside the settings" table: | `A` / `B` | `the/file/that/reads` | meaning |
ROW = re.compile(r"^\| (.+?) \| `([^`]+)`", re.MULTILINE)


def settings_variables() -> set[str]:
    found = set()
    for path in (ROOT / "config").glob("*.py"):
        found |= {name for pair in READS.findall(path.read_text()) for name in pair if name}
    return found


def configuration_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme[readme.index("## Configuration"):readme.index("## Architecture")]


def read_elsewhere() -> dict[str, str]:
    """Each variable of the "Read outside the settings" table and the file its row says reads it."""
    table = configuration_section().split("Read outside the settings", 1)[1]
    return {name: path for names, path in ROW.findall(table) for name in DOCUMENTED.findall(names)}


def test_every_variable_the_settings_read_is_in_the_configuration_section():
    documented = set(DOCUMENTED.findall(configuration_section()))
    rate_limits = {name for name in settings_variables() if name.startswith("PITLANE_RATE_")}
    missing = sorted(settings_variables() - documented - rate_limits)
    assert missing == [], f"document these in the README's Configuration tables: {missing}"


def test_every_rate_limit_the_settings_read_is_in_the_security_section():
    readme = (ROOT / "README.md").read_text()
    limits = (name for name in settings_variables() if name.startswith("PITLANE_RATE_"))
    missing = sorted(name for name in limits if f"`{name}`" not in readme)
    assert missing == [], f"add these limits to the table in 'Security and abuse limits': {missing}"


def test_every_documented_variable_is_read_by_the_settings_or_the_file_its_row_names():
    elsewhere = read_elsewhere()
    for name in set(DOCUMENTED.findall(configuration_section())) - settings_variables():
        assert name in elsewhere, f"{name} is in the README's Configuration tables but config/ never reads it"
        assert name in (ROOT / elsewhere[name]).read_text(), f"{elsewhere[name]} does not read {name}"
