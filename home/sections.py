"""The four sections every school site has, with fixed titles and slugs.

Provisioning creates them; page permissions keep them from being deleted, moved,
unpublished or re-slugged by anyone but a superuser.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class FixedSection:
    model_label: str
    title: str
    slug: str

    @property
    def model(self):
        return apps.get_model(self.model_label)


FIXED_SECTIONS = (
    FixedSection("home.IntroductionPage", "Giới thiệu", "gioi-thieu"),
    FixedSection("publicity.DisclosureIndexPage", "Công khai", "cong-khai"),
    FixedSection("home.ProfessionalIndexPage", "Thông tin chuyên môn", "chuyen-mon"),
    FixedSection("home.NewsIndexPage", "Thông tin, thông báo", "tin-tuc"),
)
FIXED_SECTION_SLUGS = frozenset(section.slug for section in FIXED_SECTIONS)
