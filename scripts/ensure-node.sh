#!/usr/bin/env bash
# The sign-in tests run a real OpenID Connect provider (tests/oidc_provider, Node.js).
# Installs Debian's nodejs and npm when we can, then the provider's locked packages.
# Under CI a missing Node.js is an error, so those tests cannot be skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "Installing Node.js for the sign-in tests (apt-get install nodejs npm)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
        echo "Node.js is not installed: the sign-in tests will be skipped." >&2
        echo "Install it (Debian/Ubuntu: sudo apt-get install nodejs npm)." >&2
        [ -z "${CI:-}" ] || exit 1
        exit 0
    fi
fi
marker=tests/oidc_provider/node_modules/.installed
if [ ! -f "$marker" ] || [ tests/oidc_provider/package-lock.json -nt "$marker" ]; then
    npm ci --prefix tests/oidc_provider --no-audit --no-fund --silent
    touch "$marker"
fi
