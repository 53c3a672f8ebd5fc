# Sourced by run.sh and test.sh: a virtual environment with the locked versions, and the system
# libraries Qt needs on a bare Debian/Ubuntu machine.
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c requirements.lock -e ".[test,dev]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
if ! QT_QPA_PLATFORM=offscreen .venv/bin/python -c "from PySide6 import QtWidgets, QtCharts" 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq libgl1 libegl1 libxkbcommon0 libfontconfig1 \
      libdbus-1-3 libglib2.0-0 fonts-dejavu-core >/dev/null
  else
    echo "Qt kan niet starten: installeer libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3" >&2
  fi
fi
