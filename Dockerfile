# One image for every process: web (gunicorn), worker and beat (celery), and the one-off
# migrate step. Static files are collected at build time and served by WhiteNoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=grunderhus.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    GRUNDERHUS_VAR_DIR=/app/var

# DejaVu is the font load_demo draws its illustrations with; psycopg and Pillow bring their
# own libraries in their wheels.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 grunderhus

WORKDIR /app
COPY . .
# Editable install: templates, static and locale folders at the top level stay where the
# settings expect them (BASE_DIR is the project folder).
RUN pip install -e . \
    && DJANGO_SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
       python manage.py collectstatic --noinput -v0 \
    && python -m compileall -q grunderhus home community notifications events mentoring \
    && mkdir -p /app/media /app/var \
    && chown -R grunderhus:grunderhus /app/media /app/var

USER grunderhus
EXPOSE 8000
# Workers: gunicorn reads WEB_CONCURRENCY (default here 3; about 2 x CPU cores + 1).
CMD ["sh", "-c", "exec gunicorn grunderhus.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips '*'"]
