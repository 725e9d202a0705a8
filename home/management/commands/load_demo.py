"""Build a living demo site from nothing: ``manage.py load_demo``.

Idempotent: everything is looked up before it is made, so running it again changes nothing
and duplicates nothing.

Steps: the nb and en locales; a HomePage in nb as the default Site's root (Wagtail's
"Welcome" page is removed); a news index with six articles, and the pages "Om huset",
"Partnere" and "Kontakt" shown in menus; generated illustrations stored as Wagtail images
whose titles are their alt text; an English translation of the whole tree; a demo account
for each role (see ``home.demo_content.USERS``, one shared password): staff grants mentor and
editor, and ``community.demo`` makes the member login a member by allocating it a desk.

Hook for the other apps: after the site and accounts exist, the command imports each of
``community.demo``, ``notifications.demo``, ``events.demo`` and ``mentoring.demo`` that
exists, in that order, and calls its ``load(stdout=...)`` (``stdout`` is the command's
output wrapper). Each ``load`` must itself be idempotent.

The logins are printed at the end only when ``settings.DEBUG`` or
``settings.GRUNDERHUS_SHOW_DEMO_LOGINS`` is true.
"""

import datetime
import importlib
import io

from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home import demo_content as content
from home.models import HomePage, HouseSettings, NewsIndexPage, NewsPage, StandardPage

DEMO_MODULES = ["community.demo", "notifications.demo", "events.demo", "mentoring.demo"]


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        try:
            return ImageFont.load_default(size=size)
        except TypeError:  # Pillow without a scalable default font
            return ImageFont.load_default()


def _draw_png(text, colour, size=(1200, 630)):
    """A calm single-colour card with the house's name and a caption."""
    img = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle([(40, 40), (size[0] - 40, size[1] - 40)], outline=(255, 255, 255), width=4)
    draw.text((80, 90), "RE Gründerhus", fill=(255, 255, 255), font=_font(64))
    caption = text.split(": ", 1)[-1]
    y = 220
    line = ""
    for word in caption.split():
        if len(line) + len(word) > 30:
            draw.text((80, y), line, fill=(255, 255, 255), font=_font(48))
            y += 64
            line = ""
        line = f"{line} {word}".strip()
    draw.text((80, y), line, fill=(255, 255, 255), font=_font(48))
    buffer = io.BytesIO()
    img.save(buffer, "PNG", optimize=True)
    buffer.seek(0)
    return buffer


class Command(BaseCommand):
    help = "Load the demo site (pages in nb and en, images, demo accounts). Safe to re-run."

    def handle(self, *args, **options):
        with transaction.atomic():
            nb, en = self.locales()
            home = self.home_page(nb)
            self.site(home)
            self.translation(
                home,
                en,
                "home",
                {
                    **content.HOME["en"],
                    "hero_image": self.image(content.HOME["image"]["en"], content.HOME["image"]),
                },
            )
            self.news(home, en)
            self.standard_pages(home, en)
            self.users()
        for module_name in DEMO_MODULES:
            module = self.demo_module(module_name)
            if module is not None:
                self.stdout.write(f"Loading {module_name} …")
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
        if settings.DEBUG or getattr(settings, "GRUNDERHUS_SHOW_DEMO_LOGINS", False):
            self.stdout.write(f"Demo logins (password for all: {content.DEMO_PASSWORD}):")
            for email, name, role, superuser, _lang in content.USERS:
                label = "superuser" if superuser else role
                self.stdout.write(f"  {email:<34} {label:<13} {name}")

    # --- steps ----------------------------------------------------------------------------

    def locales(self):
        nb, _ = Locale.objects.get_or_create(language_code="nb")
        en, _ = Locale.objects.get_or_create(language_code="en")
        return nb, en

    def home_page(self, nb):
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale=nb, depth=2).first()
        if home is None:
            data = content.HOME["nb"]
            home = HomePage(
                slug=content.HOME["slug"],
                locale=nb,
                hero_image=self.image(content.HOME["image"]["nb"], content.HOME["image"]),
                **data,
            )
            root.add_child(instance=home)
            self.publish(home)
            self.stdout.write("Created the home page.")
        return home

    def site(self, home):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        if site.root_page_id != home.pk or site.site_name != settings.WAGTAIL_SITE_NAME:
            site.root_page = home
            site.site_name = settings.WAGTAIL_SITE_NAME
            site.save()
        # Wagtail's own "Welcome to your new Wagtail site!" page is a plain Page at the top.
        for welcome in Page.objects.filter(
            depth=2, content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if not Site.objects.filter(root_page=welcome).exists():
                welcome.delete()
        HouseSettings.for_site(site)

    def news(self, home, en):
        index = NewsIndexPage.objects.child_of(home).first()
        if index is None:
            index = NewsIndexPage(
                slug=content.NEWS_INDEX["slug"], show_in_menus=True, **content.NEWS_INDEX["nb"]
            )
            home.add_child(instance=index)
            self.publish(index)
        self.translation(index, en, content.NEWS_INDEX["en_slug"], content.NEWS_INDEX["en"])
        today = timezone.localdate()
        for item in content.NEWS:
            article = NewsPage.objects.child_of(index).filter(slug=item["slug"]).first()
            if article is None:
                nb_data = dict(item["nb"])
                tags = nb_data.pop("tags")
                image_title = nb_data.pop("image")
                article = NewsPage(
                    slug=item["slug"],
                    date=today - datetime.timedelta(days=item["days_ago"]),
                    image=self.image(image_title, item),
                    **nb_data,
                )
                index.add_child(instance=article)
                article.tags.set(self.tags(tags))
                self.publish(article)
            en_data = dict(item["en"])
            en_tags = en_data.pop("tags")
            en_data["image"] = self.image(en_data.pop("image"), item)
            self.translation(article, en, item["en_slug"], en_data, tags=en_tags)

    def standard_pages(self, home, en):
        for item in content.STANDARD_PAGES:
            page = StandardPage.objects.child_of(home).filter(slug=item["slug"]).first()
            if page is None:
                page = StandardPage(slug=item["slug"], show_in_menus=True, **item["nb"])
                home.add_child(instance=page)
                self.publish(page)
            self.translation(page, en, item["en_slug"], item["en"])

    def users(self):
        """The demo logins. Roles come the way they do in the house: the staff login is made
        as staff (how the first staff account comes about) and grants mentor and editor with a
        reason; the member login becomes a member by holding a desk (``community.demo``)."""
        from community import roles
        from community.demo import account_create
        from community.models import User
        from community.services import is_house_staff, role_grant, roles_ensure

        roles_ensure()
        accounts = []
        for email, name, role, superuser, lang in content.USERS:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = account_create(
                    email=email,
                    full_name=name,
                    password=content.DEMO_PASSWORD,
                    preferred_language=lang,
                    role=role if role == roles.STAFF else None,
                    is_superuser=superuser,
                )
                self.stdout.write(f"Created the demo account {email}.")
            accounts.append((user, role))
        granter = next((user for user, _role in accounts if is_house_staff(user)), None)
        for user, role in accounts:
            if role not in roles.STAFF_GRANTED_ROLES or roles.user_has_role(user, role):
                continue
            role_grant(user=user, role=role, by=granter, reason=content.ROLE_REASONS[role])
            self.stdout.write(f"Granted {user.email} the role {role}.")

    # --- helpers --------------------------------------------------------------------------

    def translation(self, page, locale, slug, data, tags=None):
        """The page's translation, made once: copied, given its English text, published."""
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing
        copy = page.copy_for_translation(locale, copy_parents=True)
        # The copy has no children yet and has never been live: give it its own slug in place,
        # so Wagtail does not record redirects from an address nobody has used.
        copy.slug = slug
        copy.set_url_path(copy.get_parent())
        Page.objects.filter(pk=copy.pk).update(slug=copy.slug, url_path=copy.url_path)
        for name, value in data.items():
            setattr(copy, name, value)
        if tags is not None:
            copy.tags.set(self.tags(tags))
        self.publish(copy)
        return copy

    def publish(self, page):
        page.save_revision().publish()

    def tags(self, names):
        tags = []
        for name in names:
            tag, _ = Tag.objects.get_or_create(name=name, defaults={"slug": content.TAGS[name]})
            tags.append(tag)
        return tags

    def image(self, title, spec):
        """A generated illustration stored once by title; the title is its alt text."""
        Image = get_image_model()
        image = Image.objects.filter(title=title).first()
        if image is None:
            filename = "demo-" + (spec.get("slug") or "hjem") + ".png"
            image = Image(title=title, description=title)
            image.file = ImageFile(_draw_png(title, spec["colour"]), name=filename)
            image.save()
        return image

    def demo_module(self, name):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            return None
