"""Shared rules for where an old website's categories go (office left blank: every
office); office administrators add their own, which win."""

from django.db import migrations

RULES = [
    ("giới thiệu", "gioi-thieu"),
    ("lịch sử", "gioi-thieu"),
    ("cơ cấu tổ chức", "gioi-thieu"),
    ("ban giám hiệu", "gioi-thieu"),
    ("thành tích", "gioi-thieu"),
    ("tổ chuyên môn", "chuyen-mon"),
    ("chuyên môn", "chuyen-mon"),
    ("tài liệu", "chuyen-mon"),
    ("giáo án", "chuyen-mon"),
    ("đề thi", "chuyen-mon"),
    ("đề kiểm tra", "chuyen-mon"),
    ("thông báo", "tin-tuc:thong-bao"),
    ("công khai", "tin-tuc:thong-bao"),
    ("văn bản", "tin-tuc:thong-bao"),
    ("lịch công tác", "tin-tuc:thong-bao"),
    ("đoàn thể", "tin-tuc:doan-the-doi"),
    ("đoàn thanh niên", "tin-tuc:doan-the-doi"),
    ("công đoàn", "tin-tuc:doan-the-doi"),
    ("liên đội", "tin-tuc:doan-the-doi"),
    ("đội thiếu niên", "tin-tuc:doan-the-doi"),
    ("pháp luật", "tin-tuc:tuyen-truyen-phap-luat"),
    ("tuyên truyền", "tin-tuc:tuyen-truyen-phap-luat"),
    ("dạy học", "tin-tuc:hoat-dong-day-hoc"),
    ("dạy và học", "tin-tuc:hoat-dong-day-hoc"),
    ("học tập", "tin-tuc:hoat-dong-day-hoc"),
    ("hội giảng", "tin-tuc:hoat-dong-day-hoc"),
    ("ngoại khóa", "tin-tuc:hoat-dong-nha-truong"),
]


def seed(apps, schema_editor):
    rule = apps.get_model("cms", "OldCategoryRule")
    for order, (words, target) in enumerate(RULES, start=1):
        rule.objects.get_or_create(
            office=None, words=words, defaults={"target": target, "order": order * 10}
        )


def unseed(apps, schema_editor):
    rule = apps.get_model("cms", "OldCategoryRule")
    rule.objects.filter(office=None, words__in=[w for w, _t in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_old_site_import")]

    operations = [migrations.RunPython(seed, unseed)]
