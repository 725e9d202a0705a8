"""sitemap.xml with the pages of every language, not only the active one."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PageSitemap(Sitemap):
    """Wagtail's page sitemap across the site root's translations (nb and en)."""

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        qs = Page.objects.none()
        for tree_root in roots:
            qs |= Page.objects.descendant_of(tree_root, inclusive=True)
        return qs.live().public().order_by("path").defer_streamfields().specific()
