"""Strings Django shows on account forms but ships no Norwegian translation for.

Listed here so makemessages keeps them in community's catalog (community/locale/nb), which
Django consults before its own. Nothing imports this module at run time.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "min_length",
)
