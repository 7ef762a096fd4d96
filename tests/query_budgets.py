"""The one table of SQL query budgets of the public pages, read by every suite that counts
them (tests/home/test_query_budgets.py in a filled world of 5 and 200 schools,
tests/performance/test_query_budgets.py with bulk-made schools). Lower a budget here when
a page gets cheaper; a page never has two budgets."""

# (path, budget): one budget per page, the same at every world size.
SCHOOL_PAGES = {
    "trang-chu-truong": ("/", 15),  # + upcoming events
    "gioi-thieu": ("/gioi-thieu/", 9),
    "tin-tuc": ("/tin-tuc/", 13),
    "tin-tuc-chuyen-muc": ("/tin-tuc/chuyen-muc/hoat-dong-day-hoc/", 13),
    "tin-tuc-theo-thang": ("/tin-tuc/2026/10/", 13),
    "tin-bai": ("{news}", 11),
    "chuyen-mon": ("/chuyen-mon/", 10),
    "tai-lieu-chuyen-mon": ("{professional}", 12),
    "tim-kiem-truong": ("/tim-kiem/?q=thong+bao", 7),
    "rss-truong": ("/rss.xml", 6),
    "atom-truong": ("/atom.xml", 6),
    "sitemap-truong": ("/sitemap.xml", 20),  # + one query per new section type
    "robots": ("/robots.txt", 0),
    "404-truong": ("/khong-co-trang-nay/", 7),
    # Issue 14: the five protected sections (filled by cms/demo/sections.py).
    "tuyen-sinh": ("/tuyen-sinh/", 9),
    "lich-cong-tac": ("/lich-cong-tac/", 11),
    "lich-cong-tac-tuan-truoc": ("/lich-cong-tac/tuan/{last_week}/", 11),
    "lich-cong-tac-cac-tuan": ("/lich-cong-tac/cac-tuan/", 11),
    "hoi-dap": ("/hoi-dap/", 10),
    "lay-y-kien": ("/lay-y-kien/", 10),
    "du-thao-lay-y-kien": ("/lay-y-kien/du-thao-noi-quy/", 12),
    "su-kien": ("/su-kien/", 11),
    "su-kien-thang": ("/su-kien/thang/{year}/{month}/", 10),
    "su-kien-chi-tiet": ("{event}", 11),
    "su-kien-ics": ("/su-kien/lich.ics", 5),
}
PORTAL_PAGES = {
    "cong-phong": ("/", 12),
    "tin-cua-phong": ("/tin-tuc/", 12),
    "tin-phong-chi-tiet": ("{office_news}", 12),
    "van-ban": ("/van-ban/", 13),
    "van-ban-chi-tiet": ("{official}", 13),
    "danh-ba": ("/truong-hoc/", 12),
    "danh-ba-loc": ("/truong-hoc/?q=kim+dong&cap=THCS", 12),
    # The portal also looks up schools and every school's news (+2, the same at any size).
    "tim-kiem-cong": ("/tim-kiem/?q=thong+bao", 10),
    "rss-cong": ("/rss.xml", 9),
    "sitemap-cong": ("/sitemap.xml", 14),
    "lich-cong-tac-phong": ("/lich-cong-tac/", 11),
    "tuyen-sinh-cac-truong": ("/tuyen-sinh/", 12),
}
