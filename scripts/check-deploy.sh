#!/usr/bin/env bash
# Runs Django's deployment checklist with production settings; any warning fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PLC_PRODUCTION=1 \
DJANGO_SECRET_KEY="check-deploy-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
DJANGO_ALLOWED_HOSTS="plc.example.org" \
EMAIL_HOST="smtp.example.org" \
    .venv/bin/python manage.py check --deploy --fail-level WARNING
