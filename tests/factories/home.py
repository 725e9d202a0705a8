"""Factories for the public site: locales, a home page as the default site's root, a news
index, articles and their English translations."""

import datetime
import io
from dataclasses import dataclass

import factory
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage


def locales():
    """nb (the default) and en, as Wagtail locales."""
    nb, _ = Locale.objects.get_or_create(language_code="nb")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return nb, en


def translate(page, locale, **fields):
    """Copy a page into another locale, set its translated fields and publish it."""
    tags = fields.pop("tags", None)
    copy = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    if tags is not None:
        copy.tags.set(_tags(tags))
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def _tags(names):
    """Tags by name; Norwegian letters are spelled out in the slug (æ→ae, ø→o, å→a)."""
    tags = []
    for name in names:
        slug = slugify(name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a"))
        tags.append(Tag.objects.get_or_create(name=name, defaults={"slug": slug})[0])
    return tags


class _PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under ``parent`` (default: the tree root) and publishes it."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Side {n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or Page.get_first_root_node()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page


class HomePageFactory(_PageFactory):
    class Meta:
        model = HomePage

    title = "RE Gründerhus"
    slug = factory.Sequence(lambda n: f"hjem-{n}")
    hero_title = "Et gründerhus i Asker sentrum"
    hero_text = "Plass til 60 gründere under veiledning."


class NewsIndexPageFactory(_PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Nyheter"
    slug = "nyheter"
    show_in_menus = True


class NewsPageFactory(_PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Nyhet nummer {n}")
    slug = factory.Sequence(lambda n: f"nyhet-{n}")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    intro = "Kort ingress om det som skjer i huset."
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Brødtekst fra RE Gründerhus i Asker sentrum.</p>")]
    )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(_tags(extracted))
            self.save_revision().publish()


class StandardPageFactory(_PageFactory):
    class Meta:
        model = StandardPage

    title = "Om huset"
    slug = factory.Sequence(lambda n: f"side-{n}")
    intro = "Om RE Gründerhus."
    show_in_menus = True


def image_create(*, title="Illustrasjon", colour=(11, 93, 59), size=(64, 36)):
    """A small generated PNG stored as a Wagtail image whose title is its alt text."""
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title[:20].replace(' ', '-')}.png")
    )


@dataclass
class SiteTree:
    home: HomePage
    news_index: NewsIndexPage
    en_home: HomePage
    en_news_index: NewsIndexPage


def site_tree():
    """nb home as the default site's root with a news index, and their English versions."""
    _nb, en = locales()
    home = HomePageFactory()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = "RE Gründerhus"
    site.save()
    news_index = NewsIndexPageFactory(parent=home)
    en_home = translate(home, en, title="RE Gründerhus", hero_title="A startup house in Asker")
    en_news_index = translate(news_index, en, title="News", slug="news")
    return SiteTree(home, news_index, en_home, en_news_index)
