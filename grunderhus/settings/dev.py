"""The embedded default: SQLite, Celery on the filesystem broker, mail to files."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"])
GRUNDERHUS_SHOW_DEMO_LOGINS = True
