from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page

from home import selectors

register = template.Library()

# Each language named in itself, as a visitor looks for it ("norsk (bokmål)" reads oddly).
LANGUAGE_NAMES = {"nb": "Norsk", "en": "English"}


def _swap_language_prefix(path, code):
    """The same path under another language's prefix (for pages Django cannot reverse)."""
    for other, _name in settings.LANGUAGES:
        prefix = f"/{other}/"
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return f"/{code}/" + path[len(prefix) :]
    return f"/{code}{path}"


def _language_urls(context):
    """One URL per language for what the visitor is looking at now, and the current code."""
    request = context.get("request")
    page = context.get("page")
    current = get_language() or settings.LANGUAGE_CODE
    urls = {}
    if request is not None and isinstance(page, Page) and page.pk:
        translations = selectors.page_translations(request, page)
        for code, _name in settings.LANGUAGES:
            target = translations.get(code)
            urls[code] = target.get_url(request) if target else f"/{code}/"
    else:
        full_path = request.get_full_path() if request is not None else "/"
        for code, _name in settings.LANGUAGES:
            url = translate_url(full_path, code)
            urls[code] = (
                url
                if url != full_path or code == current
                else (_swap_language_prefix(full_path, code))
            )
    return urls, current


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language that keeps the visitor on the same page.

    On a CMS page the link goes to that page's translation (or the language's home page when
    there is none); elsewhere the URL's language prefix is swapped.
    """
    urls, current = _language_urls(context)
    links = []
    for code, _name in settings.LANGUAGES:
        name = LANGUAGE_NAMES.get(code) or get_language_info(code)["name_local"].capitalize()
        links.append(
            {
                "code": code,
                "name": name,
                "url": urls[code],
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """hreflang alternates for <head>: only languages the page really exists in."""
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return []
    if isinstance(page, Page) and page.pk:
        translations = selectors.page_translations(request, page)
        return [
            {"code": code, "url": request.build_absolute_uri(p.get_url(request))}
            for code, p in sorted(translations.items())
        ]
    urls, _current = _language_urls(context)
    return [{"code": code, "url": request.build_absolute_uri(url)} for code, url in urls.items()]


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's one address: query strings (filters, paging) are variations of it."""
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return ""
    if isinstance(page, Page) and page.pk:
        return request.build_absolute_uri(page.get_url(request))
    return request.build_absolute_uri(request.path)


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context.get("request")
    home = selectors.site_home(request) if request is not None else None
    return home.get_url(request) if home is not None else f"/{get_language()}/"


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The home page's children marked 'show in menus', in the active language."""
    request = context.get("request")
    if request is None:
        return []
    return [
        {
            "title": child.title,
            "url": (url := child.get_url(request)),
            "current": request.path == url,
            "ancestor": request.path != url and request.path.startswith(url),
        }
        for child in selectors.menu_pages(request)
    ]


@register.simple_tag
def field_widget(field):
    """Render a bound field's widget with its help text and error tied to it for screen
    readers (aria-describedby, aria-invalid)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)
