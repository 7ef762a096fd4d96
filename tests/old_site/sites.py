"""Old school websites as they are found in the wild, built in memory and served locally:
a WordPress site, a NukeViet site and a plain hand-made one, with what breaks imports
(drafts and private pages, a planted hidden gambling link, a list of pupils with phone
numbers, titles in decomposed Unicode, a broken and a huge image, a slow page, a loop of
links) and a WordPress export of the first."""

import io
import unicodedata
from html import escape

from PIL import Image

from tests.files import text_pdf

WP_HOST = "wp.truongcu.test"
NV_HOST = "nv.truongcu.test"
PLAIN_HOST = "plain.truongcu.test"


def jpeg(width=40, height=30, colour=(200, 80, 40), gps=False):
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    if gps:
        exif[0x010F] = "Máy ảnh"  # Make
        exif[0x8825] = {1: "N", 2: (16.0, 0.0, 0.0), 3: "E", 4: (108.0, 20.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif.tobytes())
    return buffer.getvalue()


def pdf(text="Ke hoach"):
    return text_pdf(text)


# A 3,600 × 2,400 photo with GPS in its EXIF (capped to 2,560 and stripped on import).
HUGE_PHOTO = jpeg(3600, 2400, (90, 140, 200), gps=True)
SMALL_PHOTO = jpeg()
OTHER_PHOTO = jpeg(colour=(20, 160, 60))
PUPILS = "\n".join(
    f"<p>Nguyễn Văn {name} – lớp 5A – phụ huynh: 09{n}2 345 67{n}</p>"
    for n, name in enumerate(["An", "Bình", "Cường", "Dũng", "Em"], start=1)
)


def page(title, body, *, head="", body_class="", generator=""):
    meta = f'<meta name="generator" content="{generator}">' if generator else ""
    return (
        f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title>{meta}{head}</head><body class='{body_class}'>"
        "<header><nav><a href='/'>Trang chủ</a></nav></header>"
        f"{body}<footer>Bản quyền © Trường</footer></body></html>"
    )


# --- WordPress ---------------------------------------------------------------------------

WP_POSTS = [
    # id, slug, title, date, category, extra body
    (11, "hoi-giang-mua-xuan", "Hội giảng mùa xuân", "2023-03-15T08:30:00", "Tin tức", "inline"),
    (
        12,
        "ke-hoach-nam-hoc",
        "Kế hoạch năm học 2023-2024",
        "2023-09-05T07:00:00",
        "Thông báo",
        "pdf",
    ),
    (13, "trai-nghiem", "Hoạt động trải nghiệm", "2023-10-20T09:00:00", "Tin tức", "hidden"),
    (
        14,
        "danh-sach-hoc-sinh",
        "Danh sách học sinh lớp 5A",
        "2023-11-02T10:00:00",
        "Thông báo",
        "pupils",
    ),
    (
        15,
        "khai-giang",
        unicodedata.normalize("NFD", "Lễ khai giảng năm học mới"),
        "2022-09-05T07:30:00",
        "Tin tức",
        "images",
    ),
    (
        16,
        "ngay-nha-giao",
        "Kỷ niệm ngày Nhà giáo Việt Nam",
        "2022-11-20T08:00:00",
        "Tin tức",
        "links",
    ),
    (
        17,
        "bai-cu-chi-o-chuyen-muc",
        "Bài cũ chỉ có trong chuyên mục",
        "2021-04-10T08:00:00",
        "Tin tức",
        "",
    ),
]
WP_NOT_IN_SITEMAP = {17}


def _wp_post_url(site, post):
    post_id, slug, _title, date, *_rest = post
    return site.url(f"/{date[:4]}/{date[5:7]}/{slug}/")


def _wp_body(site, post):
    kind = post[5]
    text = (
        "<p>Sáng nay, toàn trường tổ chức hoạt động với sự tham gia đông đủ của giáo viên và "
        "học sinh các khối lớp. Buổi lễ diễn ra trang trọng, ấm cúng và đầy ý nghĩa.</p>"
    )
    if kind == "inline":
        text += (
            '<div id="attachment_21" class="wp-caption aligncenter">'
            f'<a href="{site.url("/wp-content/uploads/2023/03/hoi-giang.jpg")}">'
            f'<img src="{site.url("/wp-content/uploads/2023/03/hoi-giang-300x200.jpg")}" '
            'alt="Giáo viên dự giờ" width="300" height="200"></a>'
            '<p class="wp-caption-text">Giáo viên dự giờ tiết hội giảng</p></div>'
            f'<p>Xem thêm <a href="{site.url("/?p=12")}">kế hoạch năm học</a>.</p>'
            '<script>document.write("quảng cáo")</script><p onclick="alert(1)">Hết.</p>'
        )
    elif kind == "pdf":
        text += (
            f'<p>Tải <a href="{site.url("/wp-content/uploads/2023/09/ke-hoach.pdf")}">'
            "kế hoạch năm học (PDF)</a>.</p>"
        )
    elif kind == "hidden":
        text += (
            '<div style="display:none"><a href="https://w88.vip/">nhà cái uy tín</a></div>'
            '<p>Chương trình <a href="https://giaoduc.example.vn/bai-viet">theo hướng dẫn</a>.</p>'
        )
    elif kind == "pupils":
        text += PUPILS
    elif kind == "images":
        text += (
            f'<p><img src="{site.url("/wp-content/uploads/2022/09/toan-canh.jpg")}" alt="Toàn cảnh"></p>'
            f'<p><img src="{site.url("/wp-content/uploads/2022/09/hong.jpg")}" alt="Ảnh hỏng"></p>'
            f'<p><img src="{site.url("/wp-content/uploads/2022/09/mat.jpg")}" alt="Ảnh mất"></p>'
            f'<p><img src="{site.url("/wp-content/uploads/2022/09/ban-sao.jpg")}" alt="Bản sao"></p>'
            f'<img src="https://cdn.example.com/anh-ngoai.jpg" alt="Ảnh ở trang khác">'
        )
    elif kind == "links":
        text += (
            f'<p>Bài trước: <a href="{site.url("/2023/03/hoi-giang-mua-xuan/")}">Hội giảng</a>; '
            f'bài sau: <a href="{site.url("/2023/10/trai-nghiem/")}">Trải nghiệm</a>; '
            f'chuyên mục <a href="{site.url("/category/tin-tuc/")}">Tin tức</a>; '
            f'trang mất <a href="{site.url("/khong-con/")}">đã xoá</a>.</p>'
        )
    return text


def _wp_article(site, post):
    post_id, slug, title, date, category, _kind = post
    category_slug = "tin-tuc" if category == "Tin tức" else "thong-bao"
    thumbnail = (
        f'<div class="post-thumbnail"><img class="wp-post-image" '
        f'src="{site.url("/wp-content/uploads/anh-dai-dien.jpg")}" alt=""></div>'
        if post_id in (11, 12)
        else ""
    )
    body = (
        f'<main><article class="post type-post"><header class="entry-header">'
        f'<h1 class="entry-title">{title}</h1><div class="entry-meta">'
        f'<time class="entry-date published" datetime="{date}+07:00">{date[8:10]}/{date[5:7]}/{date[:4]}</time>'
        f'<span class="cat-links"><a href="{site.url(f"/category/{category_slug}/")}" rel="category tag">'
        f"{category}</a></span></div></header>{thumbnail}"
        f'<div class="entry-content">{_wp_body(site, post)}'
        '<div class="sharedaddy"><a href="https://facebook.com/sharer">Chia sẻ</a></div></div>'
        "</article></main><aside class='widget-area'><a href='/?p=999&preview=true'>Bản nháp</a>"
        "<a href='/noi-bo/danh-sach/'>Nội bộ</a></aside>"
    )
    head = f'<link rel="shortlink" href="{site.url(f"/?p={post_id}")}">'
    return page(
        title,
        body,
        head=head,
        body_class=f"post-template-default single single-post postid-{post_id}",
        generator="WordPress 6.4.2",
    )


def build_wordpress(site):
    posts = sorted(WP_POSTS, key=lambda p: p[3], reverse=True)
    site.add(
        "/robots.txt",
        "User-agent: *\nDisallow: /wp-admin/\nDisallow: /noi-bo/\n"
        f"Sitemap: {site.url('/wp-sitemap.xml')}\n",
        "text/plain",
    )
    site.add(
        "/wp-sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/wp-sitemap-posts-post-1.xml')}</loc></sitemap>"
        f"<sitemap><loc>{site.url('/wp-sitemap-posts-page-1.xml')}</loc></sitemap>"
        "</sitemapindex>",
        "application/xml",
    )
    entries = "".join(
        f"<url><loc>{_wp_post_url(site, p)}</loc><lastmod>{p[3]}+07:00</lastmod></url>"
        for p in posts
        if p[0] not in WP_NOT_IN_SITEMAP
    )
    site.add(
        "/wp-sitemap-posts-post-1.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
        "application/xml",
    )
    site.add(
        "/wp-sitemap-posts-page-1.xml",
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url('/gioi-thieu/lich-su-nha-truong/')}</loc></url></urlset>",
        "application/xml",
    )
    items = "".join(
        f"<item><title>{escape(p[2])}</title><link>{_wp_post_url(site, p)}</link>"
        f"<pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate></item>"
        for p in posts[:3]
    )
    site.add(
        "/feed/",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Trường</title>{items}</channel></rss>',
        "application/rss+xml",
    )
    for post in posts:
        site.add(f"/{post[3][:4]}/{post[3][5:7]}/{post[1]}/", _wp_article(site, post))
        site.redirect(f"/?p={post[0]}", _wp_post_url(site, post))
    # Category listings, two to a page, with WordPress's pagination.
    for category, slug in (("Tin tức", "tin-tuc"), ("Thông báo", "thong-bao")):
        in_category = [p for p in posts if p[4] == category]
        pages = [in_category[i : i + 2] for i in range(0, len(in_category), 2)]
        for number, chunk in enumerate(pages, start=1):
            links = "".join(
                f'<article class="post"><h2 class="entry-title"><a href="{_wp_post_url(site, p)}">{p[2]}</a></h2></article>'
                for p in chunk
            )
            if number < len(pages):
                links += f'<a class="next page-numbers" href="{site.url(f"/category/{slug}/page/{number + 1}/")}">Sau</a>'
            path = f"/category/{slug}/" if number == 1 else f"/category/{slug}/page/{number}/"
            site.add(
                path,
                page(
                    category,
                    f'<main><h1 class="page-title">Chuyên mục: {category}</h1>{links}</main>',
                    body_class="archive category",
                    generator="WordPress 6.4.2",
                ),
            )
    home_links = "".join(
        f'<li><a href="{_wp_post_url(site, p)}">{p[2]}</a></li>' for p in posts[:3]
    )
    site.add(
        "/",
        page(
            "Trường Tiểu học Cũ",
            f'<main><ul>{home_links}</ul><a href="/category/tin-tuc/">Tin tức</a>'
            '<a href="/category/thong-bao/">Thông báo</a><a href="/wp-admin/">Quản trị</a>'
            '<a href="/?p=999&preview=true">Xem trước</a><a href="/noi-bo/danh-sach/">Nội bộ</a></main>',
            head=f'<link rel="alternate" type="application/rss+xml" href="{site.url("/feed/")}">',
            body_class="home blog",
            generator="WordPress 6.4.2",
        ),
    )
    site.add(
        "/gioi-thieu/lich-su-nha-truong/",
        page(
            "Lịch sử nhà trường",
            '<main><article class="page"><h1 class="entry-title">Lịch sử nhà trường</h1>'
            '<time class="entry-date published" datetime="2020-01-10T08:00:00+07:00">10/01/2020</time>'
            '<div class="entry-content"><p>Trường được thành lập năm 1975, trải qua nhiều giai '
            "đoạn phát triển, nay là trường đạt chuẩn quốc gia mức độ 2.</p></div></article></main>",
            body_class="page-template-default page page-id-7",
            generator="WordPress 6.4.2",
        ),
    )
    site.add("/wp-admin/", "<h1>Đăng nhập</h1>")
    site.add("/noi-bo/danh-sach/", page("Nội bộ", "<p>Danh sách nội bộ</p>"))
    site.add("/?p=999&preview=true", page("Bản nháp", "<p>Bản nháp chưa đăng</p>"))
    files = {
        "/wp-content/uploads/2023/03/hoi-giang.jpg": SMALL_PHOTO,
        "/wp-content/uploads/2023/03/hoi-giang-300x200.jpg": jpeg(30, 20),
        "/wp-content/uploads/anh-dai-dien.jpg": OTHER_PHOTO,
        "/wp-content/uploads/2022/09/toan-canh.jpg": HUGE_PHOTO,
        "/wp-content/uploads/2022/09/ban-sao.jpg": HUGE_PHOTO,  # same bytes, another name
        "/wp-content/uploads/2022/09/hong.jpg": b"\xff\xd8\xff\xe0 khong phai anh",
        "/wp-content/uploads/2023/09/ke-hoach.pdf": pdf(),
        "/wp-content/uploads/2023/12/ban-nhap.jpg": SMALL_PHOTO,
        "/wp-content/uploads/2023/12/rieng-tu.pdf": pdf("Rieng tu"),
    }
    for path, data in files.items():
        site.add(path, data, "application/pdf" if path.endswith(".pdf") else "image/jpeg")
    return site


def wordpress_export(site):
    """A WXR of the WordPress site: the published posts and page, plus a draft, a
    private post and a password-protected one whose files must never be fetched."""

    def item(post_id, title, link, date, status, kind, content, category="", extra=""):
        cat = (
            f'<category domain="category" nicename="x"><![CDATA[{category}]]></category>'
            if category
            else ""
        )
        return (
            f"<item><title>{escape(title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{site.url(f"/?p={post_id}")}</guid>'
            f"<content:encoded><![CDATA[{content}]]></content:encoded>"
            "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>{date.replace('T', ' ')}</wp:post_date>"
            f"<wp:status>{status}</wp:status><wp:post_type>{kind}</wp:post_type>"
            f"<wp:post_password>{'bimat' if status == 'protected' else ''}</wp:post_password>"
            f"{cat}{extra}</item>"
        )

    items = [
        item(
            21,
            "hoi-giang",
            site.url("/wp-content/uploads/2023/03/hoi-giang.jpg"),
            "2023-03-15T08:00:00",
            "inherit",
            "attachment",
            "",
            extra=f"<wp:attachment_url>{site.url('/wp-content/uploads/2023/03/hoi-giang.jpg')}</wp:attachment_url>",
        )
    ]
    for post in WP_POSTS:
        post_id, _slug, title, date, category, kind = post
        content = (
            "Sáng nay, toàn trường tổ chức hoạt động với sự tham gia đông đủ.\n\n"
            "Buổi lễ diễn ra trang trọng.\nHết."
        )
        if kind == "inline":
            content += (
                f'\n\n[caption id="attachment_21" align="aligncenter" width="300"]<img src="'
                f'{site.url("/wp-content/uploads/2023/03/hoi-giang.jpg")}" alt="Dự giờ"> Giáo viên dự giờ[/caption]'
                '\n\n[gallery ids="21"]'
            )
        extra = (
            "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>21</wp:meta_value></wp:postmeta>"
            if post_id == 11
            else ""
        )
        items.append(
            item(
                post_id,
                title,
                _wp_post_url(site, post),
                date,
                "publish",
                "post",
                content,
                category,
                extra,
            )
        )
    items.append(
        item(
            7,
            "Lịch sử nhà trường",
            site.url("/gioi-thieu/lich-su-nha-truong/"),
            "2020-01-10T08:00:00",
            "publish",
            "page",
            "Trường được thành lập năm 1975.",
        )
    )
    hidden_files = (
        f'<img src="{site.url("/wp-content/uploads/2023/12/ban-nhap.jpg")}" alt="">'
        f'<a href="{site.url("/wp-content/uploads/2023/12/rieng-tu.pdf")}">Tệp</a>'
    )
    items += [
        item(
            31,
            "Bản nháp chưa đăng",
            site.url("/?p=31"),
            "2023-12-01T08:00:00",
            "draft",
            "post",
            hidden_files,
            "Tin tức",
        ),
        item(
            32,
            "Bài riêng tư",
            site.url("/?p=32"),
            "2023-12-02T08:00:00",
            "private",
            "post",
            hidden_files,
            "Tin tức",
        ),
        item(
            33,
            "Bài có mật khẩu",
            site.url("/?p=33"),
            "2023-12-03T08:00:00",
            "protected",
            "post",
            hidden_files,
            "Tin tức",
        ),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>Trường</title><link>{site.url('/')}</link>"
        f"<wp:base_site_url>{site.url('/')}</wp:base_site_url>"
        f"<wp:base_blog_url>{site.url('/')}</wp:base_blog_url>"
        + "".join(items)
        + "</channel></rss>"
    )


# --- NukeViet ----------------------------------------------------------------------------

NV_CATEGORIES = (("tin-tuc", "Tin tức"), ("thong-bao", "Thông báo"))
NV_ARTICLES = 24  # 12 per category
NV_SITEMAP_CAP = 8
NV_RSS_CAP = 5
NV_PER_PAGE = 5
NV_SLOW_ID = 105


def nv_articles():
    found = []
    for number in range(NV_ARTICLES):
        slug, name = NV_CATEGORIES[number % 2]
        article_id = 100 + number
        day = 1 + number % 28
        found.append(
            (
                article_id,
                slug,
                name,
                f"bai-viet-so-{number}",
                f"Bài viết số {number} của {name.lower()}",
                f"{day:02d}/{1 + number % 12:02d}/2022 09:30",
            )
        )
    return found


def _nv_url(site, article):
    article_id, slug, _name, alias, *_rest = article
    return site.url(f"/vi/news/{slug}/{alias}-{article_id}.html")


def build_nukeviet(site):
    articles = nv_articles()
    for article in articles:
        article_id, slug, name, alias, title, date = article
        body = (
            '<div class="news_column"><div class="breadcrumbs"><ul>'
            f'<li><a href="{site.url(f"/vi/news/{slug}/")}">{name}</a></li></ul></div>'
            f'<h1 class="title">{title}</h1><span class="h-date">Thứ hai - {date}</span>'
            f'<div class="hometext">Tóm tắt của {title.lower()}.</div>'
            '<div id="news-bodyhtml" class="bodytext">'
            f"<p>Nội dung đầy đủ của {title.lower()}, được đăng trên trang web cũ của trường "
            "và cần được giữ lại khi chuyển sang hệ thống mới.</p>"
            f'<p><img src="{site.url(f"/uploads/news/2022/anh-{article_id}.jpg")}" alt="Ảnh {article_id}"></p>'
            "</div><div class='socialicon'>Chia sẻ</div></div>"
        )
        site.add(
            f"/vi/news/{slug}/{alias}-{article_id}.html",
            page(title, body, generator="NukeViet v4.5"),
            delay=2.0 if article_id == NV_SLOW_ID else 0.0,
        )
        site.add(
            f"/uploads/news/2022/anh-{article_id}.jpg",
            jpeg(colour=(article_id, 90, 90)),
            "image/jpeg",
        )
    newest = list(reversed(articles))
    for slug, name in NV_CATEGORIES:
        in_category = [a for a in newest if a[1] == slug]
        pages = [in_category[i : i + NV_PER_PAGE] for i in range(0, len(in_category), NV_PER_PAGE)]
        for number, chunk in enumerate(pages, start=1):
            items = "".join(
                f'<li><h3><a href="{_nv_url(site, a)}">{a[4]}</a></h3></li>' for a in chunk
            )
            pager = (
                f'<ul class="pagination"><li><a href="/vi/news/{slug}/page-{number + 1}">{number + 1}</a></li></ul>'
                if number < len(pages)
                else ""
            )
            path = f"/vi/news/{slug}/" if number == 1 else f"/vi/news/{slug}/page-{number}"
            site.add(
                path,
                page(
                    name,
                    f'<div class="news_column"><h1>{name}</h1><ul class="viewcat_list">{items}</ul>{pager}</div>',
                    generator="NukeViet v4.5",
                ),
            )
    urls = "".join(f"<url><loc>{_nv_url(site, a)}</loc></url>" for a in newest[:NV_SITEMAP_CAP])
    site.add(
        "/sitemap.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>',
        "application/xml",
    )
    rss = "".join(
        f"<item><title>{a[4]}</title><link>{_nv_url(site, a)}</link></item>"
        for a in newest[:NV_RSS_CAP]
    )
    site.add(
        "/vi/news/rss/",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title>{rss}</channel></rss>',
        "application/rss+xml",
    )
    menu = "".join(f'<a href="/vi/news/{slug}/">{name}</a>' for slug, name in NV_CATEGORIES)
    site.add(
        "/",
        page(
            "Trường THCS Cũ",
            f"<div class='news_column'>{menu}</div>",
            head=f'<link rel="alternate" type="application/rss+xml" href="{site.url("/vi/news/rss/")}">',
            generator="NukeViet v4.5",
        ),
    )
    site.add("/robots.txt", "User-agent: *\nDisallow: /admin/\n", "text/plain")
    return site


# --- A plain hand-made site --------------------------------------------------------------

PLAIN_ARTICLES = 6


def build_plain(site):
    for number in range(1, PLAIN_ARTICLES + 1):
        site.add(
            f"/tin-tuc/bai-{number}.html",
            page(
                f"Tin số {number}",
                f"<article><h1>Tin số {number}</h1><p class='ngay'>Ngày đăng: {number:02d}/03/2021</p>"
                f"<div class='noi-dung'><p>Đây là nội dung của tin số {number} trên trang web cũ "
                "tự làm của trường, không có sơ đồ trang và không có RSS.</p></div></article>",
            ),
        )
    for number, chunk in ((1, range(1, 4)), (2, range(4, PLAIN_ARTICLES + 1))):
        items = "".join(f'<li><a href="/tin-tuc/bai-{n}.html">Tin số {n}</a></li>' for n in chunk)
        pager = '<a href="/tin-tuc.html?trang=2">Trang sau</a>' if number == 1 else ""
        site.add(
            "/tin-tuc.html" if number == 1 else "/tin-tuc.html?trang=2",
            page("Tin tức", f"<main><h1>Tin tức</h1><ul>{items}</ul>{pager}</main>"),
        )
    # A calendar that always links to the next month: a loop no crawl may follow for ever.
    for month in range(1, 200):
        site.add(
            f"/lich.html?thang={month}",
            page(
                "Lịch",
                f'<main><h1>Lịch tháng {month}</h1><a href="/lich.html?thang={month + 1}">Tháng sau</a></main>',
            ),
        )
    site.add(
        "/",
        page(
            "Trường Mầm non Cũ",
            '<main><a href="/tin-tuc.html">Tin tức</a><a href="/lich.html?thang=1">Lịch</a>'
            '<a href="/a/">Vòng lặp</a></main>',
        ),
    )
    site.add("/a/", page("A", '<main><a href="a/">Lặp lại</a></main>'))
    site.add("/a/a/", page("A", '<main><a href="a/">Lặp lại</a></main>'))
    return site
