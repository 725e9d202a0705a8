"""The matcher's reasons in plain words, in the active language."""

from django.utils.translation import gettext as _

from .vocabulary import Expertise, Language, Sector, labels


def explanation(reasons: dict) -> str:
    """E.g. "shares: circular economy, financing and grants; both speak Norwegian"."""
    if not reasons:
        return ""
    parts = []
    topics = labels(Expertise, reasons.get("topics", []))
    if topics:
        parts.append(_("shares: %(topics)s") % {"topics": ", ".join(topics)})
    else:
        parts.append(_("no shared topics"))
    lang = labels(Language, [reasons.get("language", "")])
    if lang:
        parts.append(_("both speak %(language)s") % {"language": lang[0]})
    sector = labels(Sector, [reasons.get("sector", "")])
    if sector:
        parts.append(_("knows the sector: %(sector)s") % {"sector": sector[0]})
    if reasons.get("wished"):
        parts.append(_("the entrepreneur asked for this mentor"))
    return "; ".join(parts)
