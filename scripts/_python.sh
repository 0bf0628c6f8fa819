# Sourced by the scripts: find a Python >= 3.12 and prepare the virtual environment in .venv.
# Netral runs on Django 6.1, which needs Python 3.12 or newer.
find_python() {
  local candidates=("${NETRAL_PYTHON:-}" python3.14 python3.13 python3.12 python3)
  local c
  for c in "${candidates[@]}" "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      echo "$c"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  # $1: "" for what a server runs, "dev" for checks, tests and training as well.
  # The locked tree is installed exactly (hash-checked), then Netral itself without dependencies.
  local root py stamp want lock
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "$root" || exit 1
  if [ ! -x .venv/bin/python ]; then
    py="$(find_python)" || { echo "Netral needs Python 3.12 or newer (set NETRAL_PYTHON to its path)." >&2; exit 1; }
    echo "Creating .venv with $py"
    "$py" -m venv .venv || exit 1
  fi
  lock="requirements/runtime.lock"
  [ "${1:-}" = "dev" ] && lock="requirements/dev.lock"
  want="$lock:$(cat "$lock" pyproject.toml | sha256sum | cut -c1-16)"
  stamp=".venv/.netral-installed"
  if ! grep -qxF "$want" "$stamp" 2>/dev/null; then
    echo "Installing Netral and its dependencies ($lock) into .venv …"
    # pip's notes about unreachable local mirrors are noise here; real errors still show.
    { .venv/bin/python -m pip install --quiet --upgrade pip &&
      .venv/bin/python -m pip install --quiet --require-hashes -r "$lock" &&
      .venv/bin/python -m pip install --quiet --no-deps -e .; } 2> >(grep -v "^WARNING: Location" >&2) || exit 1
    echo "$want" >> "$stamp"
  fi
  export PATH="$root/.venv/bin:$PATH"
}
