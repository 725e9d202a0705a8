from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info
from wagtail.models import Locale, Page

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language that keeps the visitor on the same page.

    On a CMS page the link goes to that page's translation (or the language's home page when
    there is none); elsewhere the URL's language prefix is swapped.
    """
    request = context.get("request")
    page = context.get("page")
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    for code, _name in settings.LANGUAGES:
        if isinstance(page, Page):
            target = translations.get(code)
            url = target.url if target else f"/{code}/"
        else:
            full_path = request.get_full_path() if request else "/"
            url = translate_url(full_path, code)
        info = get_language_info(code)
        links.append(
            {"code": code, "name": info["name_local"], "url": url, "current": code == current}
        )
    return links


@register.simple_tag
def home_url():
    from django.utils.translation import get_language

    locale = Locale.objects.filter(language_code=get_language()).first()
    from .. import models

    home = models.HomePage.objects.live().filter(locale=locale).first() if locale else None
    return home.url if home else f"/{get_language()}/"


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The home page's children marked 'show in menus', in the active language."""
    from django.utils.translation import get_language

    from ..models import HomePage

    home = (
        HomePage.objects.live().filter(locale__language_code=get_language()).first()
    )
    if home is None:
        return []
    return [
        {"title": child.title, "url": child.url}
        for child in home.get_children().live().in_menu().public()
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
