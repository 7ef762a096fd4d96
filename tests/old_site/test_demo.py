"""The demo's sample old site (also the benchmark's) imports into a demo school."""

import io

from django.core.management import call_command

import pytest

from cms.old_site.sample import SampleSite
from home.models import NewsPage

pytestmark = pytest.mark.django_db


def test_demo_command_imports_the_sample_site(school, media_root, client):
    out = io.StringIO()
    call_command("demo_old_site", school.slug, "--articles", "7", "--images", "10", stdout=out)
    news = NewsPage.objects.descendant_of(school.home_page)
    assert news.count() == 7 and all(page.live for page in news)
    sample = SampleSite(articles=7, images=10)
    assert str(news.get(title=sample.title(3)).date) == sample.day(3).isoformat()
    text = out.getvalue()
    assert "Trang mới: 7" in text and "Ảnh đã lưu: 10" in text and "Tệp đã lưu: 1" in text
    old_path = text.split(school.base_url)[-1].split(" ")[0]
    response = client.get(old_path, HTTP_HOST=school.site.hostname)
    assert response.status_code == 301
