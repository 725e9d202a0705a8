from django import template

from ..explain import explanation
from ..vocabulary import Expertise, Language, Sector, labels

register = template.Library()


@register.filter
def expertise_labels(values):
    return ", ".join(labels(Expertise, values or []))


@register.filter
def language_labels(values):
    return ", ".join(labels(Language, values or []))


@register.filter
def sector_label(value):
    return ", ".join(labels(Sector, [value]))


@register.filter
def explain(reasons):
    return explanation(reasons)


@register.filter
def hours(value):
    return f"{value:.1f}".replace(".", ",") if value is not None else ""
