"""Reading pages no platform rule knows, and cleaning a compromised body (no database)."""

import datetime

import lxml.html

from cms.old_site.body import clean_body
from cms.old_site.reading import read_page

HAND_MADE = """<html><head><title>Hội thi giáo viên dạy giỏi cấp trường - Trường Tiểu học</title>
</head><body><div id="menu"><a href="/">Trang chủ</a> <a href="/tin.htm">Tin tức</a></div>
<div id="main"><div class="tieude">Hội thi giáo viên dạy giỏi cấp trường</div>
<div class="ngay">Cập nhật lúc 08:30 ngày 12/03/2021</div><div class="noidung">
<p>Trong hai tuần từ ngày 1 đến 12 tháng 3, nhà trường tổ chức hội thi giáo viên dạy giỏi
cấp trường với 15 giáo viên tham gia ở các khối lớp.</p>
<p>Ban giám khảo đánh giá cao sự chuẩn bị của các thầy cô, nhiều tiết dạy ứng dụng công nghệ
thông tin hiệu quả và sáng tạo, thu hút học sinh.</p>
<p>Kết quả có 6 giáo viên đạt giải, được đề nghị dự thi cấp thị xã trong năm học tới.</p>
</div></div><div id="footer">Bản quyền thuộc về nhà trường</div></body></html>"""


def test_a_page_no_platform_rule_knows_is_read_by_the_main_content_extractor():
    reading = read_page("http://cu.example.vn/tin/hoi-thi-gvdg.htm", HAND_MADE)
    assert reading.kind == "article" and reading.platform == ""
    assert reading.title == "Hội thi giáo viên dạy giỏi cấp trường"
    assert reading.published.date() == datetime.date(2021, 3, 12)  # htmldate
    text = reading.content.text_content()
    assert "6 giáo viên đạt giải" in text and "Bản quyền" not in text and "Trang chủ" not in text


def test_a_compromised_body_is_cleaned_and_what_was_removed_is_said():
    html = """<div class="entry-content">
    <p>Sáng nay <strong>hội giảng</strong> <span style="color:red">mùa xuân</span>.<script>x()</script></p>
    <div style="display:none"><a href="http://w88.vip">nhà cái</a></div>
    <p onclick="evil()"><a href="http://x.test/bai-khac/">Bài khác</a> và
    <a href="http://x.test/ke-hoach.pdf">kế hoạch</a> <a href="http://fb88.com/">cá cược</a>
    <a href="http://example.org/">.</a> vào fb88.com nhé</p>
    <img src="http://stats.test/pixel.gif" width="1" height="1">
    <table><tr><th>Lớp</th><th>Sĩ số</th></tr><tr><td>6A</td><td>40</td></tr></table>
    <div class="sharedaddy">Chia sẻ</div>[gallery ids="1,2"]</div>"""

    def blocked(url):
        return "\\d+x?bet|w88|fb88" if ("w88" in url or "fb88" in url) else None

    body = clean_body(
        lxml.html.fromstring(html), "http://x.test/a/", lambda u: "x.test" in u, blocked
    )
    kinds = [block[0] for block in body.blocks]
    assert kinds == ["html", "table"]
    html_out = body.blocks[0][1]
    for gone in (
        "script",
        "onclick",
        "style",
        "span",
        "w88",
        "fb88",
        "cá cược",
        "Chia sẻ",
        "gallery",
    ):
        assert gone not in html_out
    assert "<b>hội giảng</b>" in html_out
    assert body.documents == ["http://x.test/ke-hoach.pdf"]
    assert body.links == ["http://x.test/bai-khac/"]
    removed = {(r.url, r.why.split(" (")[0]) for r in body.removed}
    assert ("http://w88.vip", "ẩn bằng CSS") in removed
    assert ("http://fb88.com/", "tên miền bị chặn") in removed
    assert ("fb88.com", "tên miền bị chặn") in removed  # written as text
    assert ("http://example.org/", "liên kết chỉ có 1 ký tự") in removed
    assert body.blocks[1][1] == [["Lớp", "Sĩ số"], ["6A", "40"]] and body.blocks[1][2]
