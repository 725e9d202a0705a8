from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from . import slots

NEWS_PER_PAGE = 10


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", label=_("Heading"), icon="title")
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3"], label=_("Paragraph")
    )
    image = ImageBlock(label=_("Image"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))

    class Meta:
        template = "home/blocks/body.html"


@register_setting(icon="site")
class HouseSettings(BaseSiteSetting):
    """The house's contact details, shown in every page footer."""

    address = models.CharField(_("address"), max_length=200, default="Asker sentrum, Asker")
    email = models.EmailField(_("e-mail"), default="post@grunderhus.no")
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    panels = [FieldPanel("address"), FieldPanel("email"), FieldPanel("phone")]

    class Meta:
        verbose_name = _("house settings")


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
        FieldPanel("intro"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    # The events listing (events.EventIndexPage) is owned by the events app.
    subpage_types = ["home.NewsIndexPage", "home.StandardPage", "events.EventIndexPage"]
    # One home page per parent: each language's home is a translation under the same root.
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_latest

        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = news_latest(locale=self.locale, limit=3)
        context["news_index"] = NewsIndexPage.objects.child_of(self).live().public().first()
        context["slots"] = slots.render_all(request, page=self)
        return context


class NewsIndexPage(Page):
    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import news_for_index, news_tags

        context = super().get_context(request, *args, **kwargs)
        tags = news_tags(index=self)
        # Only a tag that is in use here filters; anything else shows the whole list.
        tag = next((t for t in tags if t.slug == request.GET.get("tag", "").strip()), None)
        paginator = Paginator(news_for_index(index=self, tag=tag), NEWS_PER_PAGE)
        try:
            news = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            news = paginator.page(1)
        except EmptyPage:
            news = paginator.page(paginator.num_pages)
        context.update(
            {
                "news": news,
                "tag": tag,
                "tags": tags,
                "pagination_query": urlencode({"tag": tag.slug}) if tag else "",
            }
        )
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(Page):
    date = models.DateField(_("date"))
    intro = models.CharField(_("intro"), max_length=300)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        ordering = ["-date"]


class StandardPage(Page):
    intro = models.CharField(_("intro"), max_length=300, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
