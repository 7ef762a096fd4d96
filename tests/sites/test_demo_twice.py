"""`make demo` twice duplicates nothing and prints every role's login."""

import io

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db(transaction=False)


def counts():
    from django.contrib.auth import get_user_model

    from wagtail.images import get_image_model
    from wagtail.models import Page, Revision

    from home.models import NewsGalleryPhoto
    from publicity.models import DisclosurePage
    from sites.models import School

    return {
        "pages": Page.objects.count(),
        "disclosures": DisclosurePage.objects.count(),
        "schools": School.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "gallery": NewsGalleryPhoto.objects.count(),
        "revisions": Revision.objects.count(),
    }


def test_demo_twice_adds_nothing_and_prints_every_role(client, monkeypatch, settings, tmp_path):
    import cms.demo.content

    settings.MEDIA_ROOT = tmp_path / "media"
    # Five schools keep the test short and still pass the first four the demo once favoured.
    specs = cms.demo.content.read_school_specs()[:5]
    monkeypatch.setattr(cms.demo.content, "read_school_specs", lambda: specs)
    first = io.StringIO()
    call_command("load_demo", "--port", "8123", stdout=first)
    after_first = counts()
    assert after_first["disclosures"] > 0 and after_first["gallery"] > 0
    call_command("load_demo", "--port", "8123", stdout=io.StringIO())
    assert counts() == after_first

    out = first.getvalue()
    for login in ("quantri /", "so.quantri /", "hoian.kiemtra /", "hoiantay.quantri /"):
        assert login in out
    for school in specs[:2]:
        slug = cms.demo.content.SchoolSpec(
            name=school.name, level=school.level, slug=school.slug
        ).slug
        for prefix in ("hieutruong", "totruong", "giaovien"):
            assert f"{prefix}.{slug} / demo12345" in out
    assert ":8123/" in out

    # Real-looking content: directory details, Giới thiệu, a fee disclosure found by "hoc phi".
    from home.models import IntroductionPage
    from sites.models import School

    first = School.objects.order_by("pk").first()
    assert not School.objects.filter(address="").exists()
    assert not School.objects.filter(phone="").exists()
    intro = IntroductionPage.objects.descendant_of(first.home_page).get()
    assert intro.functions_and_tasks and intro.history and intro.organisation_chart_id
    assert all(leader.value["phone"] for leader in intro.leaders)
    html = client.get("/tim-kiem/", {"q": "hoc phi"}, HTTP_HOST=first.site.hostname).content
    assert "học phí" in html.decode().lower()

    # Every school, not only the first few: Giới thiệu with leaders' phones and history,
    # a logo (a small PNG) and a gallery.
    from home.models import NewsGalleryPhoto
    from sites.models import SchoolSettings

    for school in School.objects.all():
        intro = IntroductionPage.objects.descendant_of(school.home_page).get()
        assert intro.functions_and_tasks and intro.history, school.name
        assert all(leader.value["phone"] for leader in intro.leaders), school.name
        logo = SchoolSettings.for_site(school.site).logo
        assert logo is not None and logo.file.name.endswith(".png"), school.name
        assert logo.file.size < 30_000
        assert (
            NewsGalleryPhoto.objects.filter(page__path__startswith=school.home_page.path).count()
            >= 6
        ), school.name
