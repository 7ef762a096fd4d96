"""The block list says what kind of site a pattern stands for (the refusal names it, not
the pattern), and gains the common Vietnamese lottery and gambling words (xổ số, lô đề,
soi cầu, kèo, đổi thưởng…). "contains" patterns are matched against the domain with dots
and hyphens removed, so only words that never occur inside ordinary words are used."""

from django.db import migrations, models

LOTTERY = "lo-de"
ADULT = "nguoi-lon"
ADS = "quang-cao"
GAMBLING = "co-bac"

# (kind, pattern, site kind, note)
SEED = [
    ("contains", "xoso", LOTTERY, "Xổ số, kết quả xổ số (xosomienbac, ketquaxoso…)"),
    ("contains", "kqxs", LOTTERY, "Kết quả xổ số"),
    ("regex", r"(^|[.-])xs(mb|mn|mt|kt|td)", LOTTERY, "xsmb, xsmn, xsmt… (xổ số ba miền)"),
    ("contains", "soicau", LOTTERY, "Soi cầu lô đề"),
    ("contains", "lodeonline", LOTTERY, "Lô đề trực tuyến"),
    ("contains", "danhde", LOTTERY, "Đánh đề"),
    ("contains", "ghilode", LOTTERY, "Ghi lô đề"),
    ("regex", r"lo-?de-?(\d|online|mien|vip|club)", LOTTERY, "lode88, lo-de-online…"),
    ("contains", "soikeo", GAMBLING, "Soi kèo"),
    ("contains", "keobong", GAMBLING, "Kèo bóng đá"),
    ("contains", "tylekeo", GAMBLING, "Tỷ lệ kèo"),
    ("contains", "keonhacai", GAMBLING, "Kèo nhà cái"),
    ("contains", "doithuong", GAMBLING, "Game đổi thưởng"),
    ("contains", "quayhu", GAMBLING, "Quay hũ"),
    ("contains", "bancadoithuong", GAMBLING, "Bắn cá đổi thưởng"),
]

# The kind of site of the patterns migration 0007 seeded (everything else: gambling).
EARLIER = {
    r"(^|[.-])(lo-?de|soi-?cau|danh-?de)": LOTTERY,
    "porn": ADULT,
    r"(^|\.)(adf\.ly|shorte\.st|ouo\.io|link4m\.com|linkvertise\.com)$": ADS,
}


def seed(apps, schema_editor):
    Pattern = apps.get_model("sites", "BlockedDomainPattern")
    for pattern, site_kind in EARLIER.items():
        Pattern.objects.filter(office=None, pattern=pattern).update(site_kind=site_kind)
    for kind, pattern, site_kind, note in SEED:
        Pattern.objects.get_or_create(
            office=None,
            pattern=pattern,
            kind=kind,
            defaults={"note": note, "site_kind": site_kind},
        )


def unseed(apps, schema_editor):
    Pattern = apps.get_model("sites", "BlockedDomainPattern")
    for kind, pattern, _site_kind, _note in SEED:
        Pattern.objects.filter(office=None, pattern=pattern, kind=kind).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0012_school_life_cycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="blockeddomainpattern",
            name="site_kind",
            field=models.CharField(
                choices=[
                    ("co-bac", "trang cờ bạc, cá độ"),
                    ("lo-de", "trang cờ bạc/lô đề, xổ số"),
                    ("nguoi-lon", "trang nội dung người lớn"),
                    ("quang-cao", "trang quảng cáo trả tiền theo lượt"),
                    ("khac", "trang không được phép liên kết"),
                ],
                default="co-bac",
                help_text="Nêu trong thông báo cho người soạn khi liên kết bị từ chối.",
                max_length=12,
                verbose_name="loại trang",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
