FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

# The whole tree, then a real (not editable) install: setup.py finds every app itself, so
# a new app needs no line here.
COPY . .
RUN pip install ".[s3]"
# Static files are collected at build time; the key only satisfies the production guard.
RUN PLC_PRODUCTION=1 DJANGO_ALLOWED_HOSTS=build \
    DJANGO_SECRET_KEY=build-only-not-used-at-run-time-0123456789-abcdefghijklmnopqrstuvwxyz \
    python manage.py collectstatic --noinput

RUN useradd --create-home plc && mkdir -p /app/media && chown plc /app/media
USER plc
EXPOSE 8000
CMD ["gunicorn", "plc.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
