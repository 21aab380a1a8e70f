#!/usr/bin/env bash
# Browser tests drive the system's Chromium through Playwright (Playwright's own browser
# download is not available everywhere). Installs Debian's chromium when we can; otherwise
# explains. Under CI a missing browser is an error, so the browser tests cannot be skipped.
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
        exit 0
    fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium for the browser tests (apt-get install chromium)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "Chromium is not installed: the browser tests will be skipped." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
if [ -n "${CI:-}" ]; then
    exit 1
fi
