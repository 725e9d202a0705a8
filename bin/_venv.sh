# Sourced by bin/run and bin/test: go to the repository root and make sure .venv holds the
# project with its dev extra. Installing is skipped while the stamp is newer than pyproject.toml.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
STAMP="$VENV/.grunderhus-installed"

_find_python() {
    local candidate
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))'; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

ensure_venv() {
    if [[ ! -x "$VENV/bin/python" ]]; then
        local python
        if ! python="$(_find_python)"; then
            echo "Python 3.11-3.13 is needed (apt-get install python3 python3-venv)." >&2
            exit 1
        fi
        echo "==> Creating .venv with $python"
        "$python" -m venv "$VENV"
    fi
    if [[ ! -f "$STAMP" || "$ROOT/pyproject.toml" -nt "$STAMP" ]]; then
        echo "==> Installing the project and its dev tools into .venv"
        "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
        touch "$STAMP"
    fi
    export PATH="$VENV/bin:$PATH"
}
