"""The one table of SQL query budgets of the public pages, read by every suite that counts
them (tests/home/test_query_budgets.py in a filled world of 5 and 200 schools,
tests/performance/test_query_budgets.py with bulk-made schools). Lower a budget here when
a page gets cheaper; a page never has two budgets.

Counted once a school's chrome is cached (home/chrome.py: site identity, header, footer,
office notices; read once per school generation, so not per page) and with the
view-restriction paths cached (sites/restrictions.py). Issue 27 lowered them from 9–15."""

# (path, budget): one budget per page, the same at every world size.
SCHOOL_PAGES = {
    "trang-chu-truong": ("/", 9),  # + upcoming events
    "gioi-thieu": ("/gioi-thieu/", 4),
    "tin-tuc": ("/tin-tuc/", 7),
    "tin-tuc-chuyen-muc": ("/tin-tuc/chuyen-muc/hoat-dong-day-hoc/", 7),
    "tin-tuc-theo-thang": ("/tin-tuc/2026/10/", 7),
    "tin-bai": ("{news}", 6),
    "chuyen-mon": ("/chuyen-mon/", 5),
    "tai-lieu-chuyen-mon": ("{professional}", 6),
    "tim-kiem-truong": ("/tim-kiem/?q=thong+bao", 4),
    "rss-truong": ("/rss.xml", 2),
    "atom-truong": ("/atom.xml", 2),
    "sitemap-truong": ("/sitemap.xml", 18),  # + one query per new section type
    "robots": ("/robots.txt", 0),
    "404-truong": ("/khong-co-trang-nay/", 3),
    # Issue 14: the five protected sections (filled by cms/demo/sections.py).
    "tuyen-sinh": ("/tuyen-sinh/", 3),
    "lich-cong-tac": ("/lich-cong-tac/", 6),
    "lich-cong-tac-tuan-truoc": ("/lich-cong-tac/tuan/{last_week}/", 6),
    "lich-cong-tac-cac-tuan": ("/lich-cong-tac/cac-tuan/", 5),
    "hoi-dap": ("/hoi-dap/", 4),
    "lay-y-kien": ("/lay-y-kien/", 4),
    "du-thao-lay-y-kien": ("/lay-y-kien/du-thao-noi-quy/", 6),
    "su-kien": ("/su-kien/", 5),
    "su-kien-thang": ("/su-kien/thang/{year}/{month}/", 4),
    "su-kien-chi-tiet": ("{event}", 5),
    "su-kien-ics": ("/su-kien/lich.ics", 3),
}
PORTAL_PAGES = {
    "cong-phong": ("/", 5),
    "tin-cua-phong": ("/tin-tuc/", 5),
    "tin-phong-chi-tiet": ("{office_news}", 5),
    "van-ban": ("/van-ban/", 6),
    "van-ban-chi-tiet": ("{official}", 6),
    "danh-ba": ("/truong-hoc/", 5),
    "danh-ba-loc": ("/truong-hoc/?q=kim+dong&cap=THCS", 6),
    # The portal also looks up schools and every school's news (+2, the same at any size).
    "tim-kiem-cong": ("/tim-kiem/?q=thong+bao", 7),
    "rss-cong": ("/rss.xml", 4),
    "sitemap-cong": ("/sitemap.xml", 12),
    "lich-cong-tac-phong": ("/lich-cong-tac/", 4),
    "tuyen-sinh-cac-truong": ("/tuyen-sinh/", 5),
}
