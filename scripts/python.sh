#!/usr/bin/env bash
# Prints a Python interpreter that Django 6.1 can run on (3.12 or newer), or stops with a
# clear message. `python3` comes first so that pyenv's .python-version (3.13) is honoured.
for candidate in python3 python3.13 python3.12 python; do
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
        command -v "$candidate"
        exit 0
    fi
done
echo "This app needs Python 3.12 or newer (Django 6.1 requires it)." >&2
echo "Install Python 3.12 or 3.13 (for example with pyenv or your package manager) and run make again." >&2
exit 1
