"""The production settings for the platform's processes that the fault tests and the soak start
(tests/faults/servers.py): everything as deployed, except that static files are served without
the manifest that only ``collectstatic`` makes (which the tests do not spend time on).

``FAULTS_CONN_HEALTH_CHECKS=false`` turns the database connection's health check off, to show
what it is for.
"""

import os

from grunderhus.settings.production import *  # noqa: F403
from grunderhus.settings.production import DATABASES, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("FAULTS_CONN_HEALTH_CHECKS", "true").lower() == "false":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
