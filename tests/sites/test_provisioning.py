from django.contrib.auth.models import Group

from wagtail.models import Collection, GroupPagePermission, Page, Site

import pytest

from cms.schools.provisioning import ProvisioningError, SchoolSpec, provision_school
from sites.models import School, SchoolSettings
from sites.roles import SchoolRole
from sites.text import vietnamese_slug

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("THCS Kim Đồng", "thcs-kim-dong"),
        ("TH Đỗ Trọng Hường", "th-do-trong-huong"),
        ("MG Cẩm Hà", "mg-cam-ha"),
        ("TH-THCS Trần Quốc Toản", "th-thcs-tran-quoc-toan"),
    ],
)
def test_slug_folds_vietnamese_diacritics(name, slug):
    assert vietnamese_slug(name) == slug


def test_school_gets_site_sections_collection_settings_and_groups(office):
    school, created = provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))

    assert created
    assert school.slug == "thcs-kim-dong"
    assert school.site.hostname == "thcs-kim-dong.pgddthoian.test"
    assert school.site.root_page_id == school.home_page_id
    assert school.base_url == "http://thcs-kim-dong.pgddthoian.test"
    sections = [
        (p.title, p.slug, p.specific_class.__name__) for p in school.home_page.get_children()
    ]
    assert sections == [
        ("Giới thiệu", "gioi-thieu", "IntroductionPage"),
        ("Công khai", "cong-khai", "DisclosureIndexPage"),
        ("Thông tin chuyên môn", "chuyen-mon", "ProfessionalIndexPage"),
        ("Thông tin, thông báo", "tin-tuc", "NewsIndexPage"),
        ("Tuyển sinh", "tuyen-sinh", "EnrolmentPage"),
        ("Lịch công tác tuần", "lich-cong-tac", "WorkScheduleIndexPage"),
        ("Hỏi đáp – liên hệ", "hoi-dap", "QuestionIndexPage"),
        ("Lấy ý kiến", "lay-y-kien", "ConsultationIndexPage"),
        ("Sự kiện", "su-kien", "EventIndexPage"),
    ]
    assert all(p.live for p in school.home_page.get_descendants(inclusive=True))
    assert school.collection.get_parent() == Collection.get_first_root_node()
    assert SchoolSettings.objects.filter(site=school.site).exists()
    roles = set(school.role_groups.values_list("role", flat=True))
    assert roles == set(SchoolRole.values)


def test_role_permissions_stay_inside_the_school(office):
    school, _ = provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))
    inside = school.home_page.path
    perms = GroupPagePermission.objects.filter(group__school_role__school=school)
    assert perms.exists()
    assert all(p.page.path.startswith(inside) for p in perms.select_related("page"))
    teacher_pages = {p.page.slug for p in perms.filter(group__school_role__role=SchoolRole.TEACHER)}
    assert teacher_pages == {"chuyen-mon"}
    editor = school.group_for(SchoolRole.EDITOR)
    assert not editor.page_permissions.filter(permission__codename="publish_page").exists()
    principal = school.group_for(SchoolRole.PRINCIPAL)
    assert principal.page_permissions.filter(permission__codename="publish_page").exists()


def test_provisioning_twice_creates_nothing_new(office):
    spec = SchoolSpec(name="THCS Kim Đồng", level="THCS")
    first, _ = provision_school(office, spec)
    counts = (
        Page.objects.count(),
        Site.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
    )

    again, created = provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))

    assert not created
    assert again == first
    assert counts == (
        Page.objects.count(),
        Site.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
    )


def test_slug_clash_is_an_error_not_a_suffix(office):
    provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))
    with pytest.raises(ProvisioningError, match="thcs-kim-dong"):
        provision_school(office, SchoolSpec(name="THCS Kim Dong", level="THCS"))
    assert School.objects.count() == 1


def test_bad_level_is_refused_and_nothing_is_saved(office):
    pages = Page.objects.count()
    with pytest.raises(ProvisioningError, match="cấp học"):
        provision_school(office, SchoolSpec(name="Trường Không Rõ", level="ĐH"))
    assert Page.objects.count() == pages
    assert not School.objects.exists()


def test_failure_midway_rolls_back_everything(office, monkeypatch):
    from cms.schools import provisioning

    def boom(*args, **kwargs):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(provisioning, "_bulk_role_groups", boom)
    pages, sites = Page.objects.count(), Site.objects.count()
    with pytest.raises(RuntimeError):
        provision_school(office, SchoolSpec(name="THCS Kim Đồng", level="THCS"))
    assert (Page.objects.count(), Site.objects.count()) == (pages, sites)
    assert not School.objects.exists()


def test_multi_level_school_carries_every_stage(office):
    school, _ = provision_school(office, SchoolSpec(name="TH-THCS Lý Thường Kiệt", level="TH&THCS"))
    assert school.level == "TH-THCS"
    assert set(school.stages) == {"tieu_hoc", "thcs"}
