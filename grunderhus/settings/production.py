"""Production: every secret and site-specific value from the environment, secure by default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS ends at the reverse proxy (deploy/Caddyfile), which sets X-Forwarded-Proto and passes the
# Host header on unchanged: so Django needs no X-Forwarded-Host (USE_X_FORWARDED_HOST stays off,
# one header fewer that a client could try to forge).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = False
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Health and readiness checks call the container over plain HTTP, behind the TLS-terminating
# proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

GRUNDERHUS_ADMIN_REQUIRES_2FA = env.bool("GRUNDERHUS_ADMIN_REQUIRES_2FA", default=True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# The documented deployment has exactly one proxy (Caddy, deploy/Caddyfile) in front of gunicorn.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1)
