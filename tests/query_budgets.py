"""The one table of SQL query budgets of the public pages, read by every suite that counts
them (tests/home/test_query_budgets.py in a filled world of 5 and 200 schools,
tests/performance/test_query_budgets.py with bulk-made schools). Lower a budget here when
a page gets cheaper; a page never has two budgets.

Counted once a school's chrome is cached (home/chrome.py: site identity, header, footer,
office notices, the news archive's figures; read once per school generation, so not per
page), with the view-restriction paths cached (sites/restrictions.py) and the host's Site
kept with its root page as its own type (sites/routing.py). Routing reads a child of the
type its parent expects in one query, any other in two (a section by home/sections.py,
an article as the first type its section allows). Issue 27 lowered them from 9–18 to at
most 5."""

# (path, budget): one budget per page, the same at every world size.
SCHOOL_PAGES = {
    # Week's notices, latest news, the gallery's photos, every picture's renditions, events.
    "trang-chu-truong": ("/", 5),
    "gioi-thieu": ("/gioi-thieu/", 2),
    "tin-tuc": ("/tin-tuc/", 3),
    "tin-tuc-chuyen-muc": ("/tin-tuc/chuyen-muc/hoat-dong-day-hoc/", 3),
    "tin-tuc-theo-thang": ("/tin-tuc/2026/10/", 3),
    "tin-bai": ("{news}", 4),
    "chuyen-mon": ("/chuyen-mon/", 3),
    "tai-lieu-chuyen-mon": ("{professional}", 3),
    "tim-kiem-truong": ("/tim-kiem/?q=thong+bao", 2),
    "rss-truong": ("/rss.xml", 1),
    "atom-truong": ("/atom.xml", 1),
    "sitemap-truong": ("/sitemap.xml", 2),  # count and pages, whatever their types
    "robots": ("/robots.txt", 0),
    "404-truong": ("/khong-co-trang-nay/", 2),
    # Issue 14: the five protected sections (filled by cms/demo/sections.py).
    "tuyen-sinh": ("/tuyen-sinh/", 1),
    "lich-cong-tac": ("/lich-cong-tac/", 4),
    "lich-cong-tac-tuan-truoc": ("/lich-cong-tac/tuan/{last_week}/", 4),
    "lich-cong-tac-cac-tuan": ("/lich-cong-tac/cac-tuan/", 3),
    "hoi-dap": ("/hoi-dap/", 2),
    "lay-y-kien": ("/lay-y-kien/", 2),
    "du-thao-lay-y-kien": ("/lay-y-kien/du-thao-noi-quy/", 3),
    "su-kien": ("/su-kien/", 3),
    "su-kien-thang": ("/su-kien/thang/{year}/{month}/", 2),
    "su-kien-chi-tiet": ("{event}", 2),
    "su-kien-ics": ("/su-kien/lich.ics", 3),
}
PORTAL_PAGES = {
    "cong-phong": ("/", 4),
    "tin-cua-phong": ("/tin-tuc/", 3),
    "tin-phong-chi-tiet": ("{office_news}", 2),
    "van-ban": ("/van-ban/", 4),
    "van-ban-chi-tiet": ("{official}", 3),
    "danh-ba": ("/truong-hoc/", 3),
    "danh-ba-loc": ("/truong-hoc/?q=kim+dong&cap=THCS", 4),
    # The portal also looks up schools and every school's news (the same at any size).
    "tim-kiem-cong": ("/tim-kiem/?q=thong+bao", 4),
    "rss-cong": ("/rss.xml", 3),
    "sitemap-cong": ("/sitemap.xml", 2),
    "lich-cong-tac-phong": ("/lich-cong-tac/", 2),
    "tuyen-sinh-cac-truong": ("/tuyen-sinh/", 3),
}
