"""The publishing platforms school sites run on, as markup: where the article is, its
title, date and category, which pages are listings, and the other addresses the same
article answered at (WordPress's `?p=123`, NukeViet's `index.php?…&op=…`, Joomla's
`index.php?option=com_content&view=article&id=…`).

A profile is data (CSS selectors); anything no profile recognises goes to the generic
reading in reading.py (a single <article>, then trafilatura).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Platform:
    name: str
    detect_generator: str = ""  # a word in <meta name="generator">
    detect_markup: tuple = ()  # any of these selectors present
    detect_url: str = ""  # a regex on the URL
    article: tuple = ()  # a page is an article when any of these is present
    listing: tuple = ()  # …and a listing when any of these is (checked first)
    body: tuple = ()  # the article's content, first match
    title: tuple = ()
    date: tuple = ()  # elements whose datetime attribute or text holds the date
    category: tuple = ()  # the old category's name, first match
    summary: tuple = ()
    lead_image: tuple = ()  # <img> of the featured image
    junk: tuple = field(default=())  # removed from the body


WORDPRESS = Platform(
    name="WordPress",
    detect_generator="wordpress",
    detect_markup=("link[rel='https://api.w.org/']", "[class*='wp-block-']", ".entry-content"),
    detect_url=r"/wp-content/",
    listing=("body.home", "body.blog", "body.archive", "body.category", "body.search"),
    article=("body.single", "body.page", "article.post .entry-content"),
    body=(".entry-content", ".post-content"),
    title=("h1.entry-title", ".entry-title", "article h1"),
    date=("time.entry-date.published", "time.published", "time.entry-date", "time[datetime]"),
    category=("a[rel~='category']", ".cat-links a", ".post-categories a"),
    summary=(".entry-summary",),
    lead_image=(".post-thumbnail img", "img.wp-post-image"),
    junk=(
        ".sharedaddy",
        ".jp-relatedposts",
        ".addtoany_share_save_container",
        ".wp-block-buttons",
        ".post-navigation",
        ".entry-footer",
        ".entry-meta",
    ),
)

NUKEVIET = Platform(
    name="NukeViet",
    detect_generator="nukeviet",
    detect_markup=("#news-bodyhtml", ".news_column", "[class*='nv-']"),
    detect_url=r"/[a-z]{2}/news/|[?&]nv=news",
    listing=(".news_column .viewcat_list", ".viewcat_page_new", ".viewcat_main", ".news_list"),
    article=("#news-bodyhtml", ".bodytext"),
    body=("#news-bodyhtml", ".bodytext"),
    title=(".news_column h1", "h1.title", "h1"),
    date=(".h-date", ".news_column .time", "span.time"),
    category=(".breadcrumbs li:nth-last-child(1) a", ".breadcrumbs a", ".nv-breadcrumb a"),
    summary=(".hometext",),
    lead_image=(".imghome img", "figure.article img"),
    junk=(".socialicon", ".news_column .copyright", ".news-related", ".other_news"),
)

JOOMLA = Platform(
    name="Joomla",
    detect_generator="joomla",
    detect_markup=(".item-page", "[itemprop='articleBody']", ".blog-featured"),
    detect_url=r"option=com_content",
    listing=(".blog", ".blog-featured", ".category-list"),
    article=(".item-page", "[itemprop='articleBody']"),
    body=("[itemprop='articleBody']", ".item-page .article-body", ".item-page"),
    title=("[itemprop='headline']", ".page-header h2", ".page-header h1", "h1", "h2"),
    date=("time[itemprop='datePublished']", ".published time", ".published", ".create"),
    category=("[itemprop='genre']", ".category-name a", ".category-name"),
    summary=(),
    lead_image=(".item-image img", ".pull-left.item-image img"),
    junk=(".article-info", ".pager", ".icons", ".tags", ".content_rating", ".pagenav"),
)

# Vendor portals of the education sector (VNPT, Viettel and others): no published markup,
# so these are the class names such portals commonly use; the generic reading follows.
VENDOR = Platform(
    name="Cổng thông tin (nhà cung cấp)",
    detect_markup=(
        ".news-detail",
        ".detail-news",
        ".content-detail",
        ".newsdetail",
        "#chitiettin",
    ),
    detect_url=r"vnptweb\.vn|viettelweb|\.edu\.vn/(?:tin-tuc|news)/",
    listing=(".list-news", ".news-list", ".listnews", ".danh-sach-tin"),
    article=(".news-detail", ".detail-news", ".content-detail", ".newsdetail", "#chitiettin"),
    body=(
        ".news-detail .content",
        ".news-detail .detail-content",
        ".detail-content",
        ".content-detail",
        ".newsdetail .content",
        ".news-detail",
        ".detail-news",
        "#chitiettin",
    ),
    title=(".news-detail h1", ".title-detail", ".detail-title", "h1"),
    date=(".news-detail .date", ".date-detail", ".post-date", ".ngaydang", ".date"),
    category=(".breadcrumb li:nth-last-child(2) a", ".breadcrumb a"),
    summary=(".sapo", ".news-detail .summary", ".lead"),
    lead_image=(),
    junk=(".share", ".tin-lien-quan", ".other-news", ".related-news"),
)

PLATFORMS = (WORDPRESS, NUKEVIET, JOOMLA, VENDOR)

# Layout that is never part of an article, on any platform.
COMMON_JUNK = (
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "nav",
    "aside",
    "header",
    "footer",
    "link",
    "meta",
    "object",
    "embed",
    "applet",
    "svg",
    "canvas",
    "[class*='share']",
    "[class*='social']",
    "[class*='related']",
    "[class*='comment']",
    "[class*='breadcrumb']",
    "[class*='sidebar']",
    "[class*='widget']",
    "[class*='advert']",
    "[class*='quangcao']",
    "[class*='banner']",
    "[id*='comment']",
    "[class*='fb-']",
    "[class*='zalo']",
)


def detect(url, tree):
    """The platform whose markers the page carries, or None."""
    generator = " ".join(tree.xpath("//meta[@name='generator']/@content")).lower()
    for platform in PLATFORMS:
        if platform.detect_generator and platform.detect_generator in generator:
            return platform
    for platform in PLATFORMS:
        if platform.detect_url and re.search(platform.detect_url, url):
            return platform
        if any(first(tree, selector) is not None for selector in platform.detect_markup):
            return platform
    return None


def first(tree, selector):
    found = tree.cssselect(selector)
    return found[0] if found else None


def first_of(tree, selectors):
    for selector in selectors:
        found = first(tree, selector)
        if found is not None:
            return found
    return None


# --- the other addresses of an article -------------------------------------------------

NUKEVIET_ARTICLE = re.compile(r"^/(?P<lang>[a-z]{2})/(?P<module>[\w-]+)/(?P<op>.+?)(?:\.html)?/?$")


def aliases(platform, url, tree):
    """Other old addresses that show the same article (each gets its own redirect)."""
    found = []
    if platform is WORDPRESS:
        found += tree.xpath("//link[@rel='shortlink']/@href")
        body_class = " ".join(tree.xpath("//body/@class"))
        post_id = re.search(r"\bpostid-(\d+)\b", body_class)
        page_id = re.search(r"\bpage-id-(\d+)\b", body_class)
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(url))
        if post_id:
            found.append(f"{origin}?p={post_id.group(1)}")
        if page_id:
            found.append(f"{origin}?page_id={page_id.group(1)}")
    elif platform is NUKEVIET:
        parts = urlsplit(url)
        match = NUKEVIET_ARTICLE.match(parts.path)
        if match and match.group("op").endswith(tuple("0123456789")):
            found.append(
                f"{parts.scheme}://{parts.netloc}/index.php?language={match.group('lang')}"
                f"&nv={match.group('module')}&op={match.group('op')}"
            )
    elif platform is JOOMLA:
        found += tree.xpath("//link[@rel='canonical']/@href")
        query = parse_qs(urlsplit(url).query)
        if "id" in query and query.get("view") == ["article"]:
            parts = urlsplit(url)
            found.append(
                f"{parts.scheme}://{parts.netloc}/index.php?option=com_content&view=article"
                f"&id={query['id'][0]}"
            )
    return [alias for alias in dict.fromkeys(found) if alias and alias != url]
