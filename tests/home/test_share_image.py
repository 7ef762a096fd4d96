"""og:image of a news page: its lead image, else its first gallery photo, else the
school's banner or logo, else the generated card with the school's name."""

import io

import pytest
from PIL import Image, ImageFont

from home.models import NewsGalleryPhoto
from home.share_card import FONT, render_card
from sites.models import SchoolSettings
from tests.factories import ImageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def og_image(client, school, page):
    html = client.get(page.get_url_parts()[2], HTTP_HOST=school.site.hostname).content.decode()
    start = html.index('property="og:image" content="') + len('property="og:image" content="')
    return html[start : html.index('"', start)], html


def image_named(title, school):
    return ImageFactory(title=title, collection=school.collection, file__filename=f"{title}.jpg")


def test_lead_image_first(client, school):
    page = NewsPageFactory.for_school(school, lead_image=image_named("anhdaidien", school))
    url, _html = og_image(client, school, page)
    assert "anhdaidien" in url


def test_then_the_first_gallery_photo(client, school):
    page = NewsPageFactory.for_school(school)
    NewsGalleryPhoto.objects.create(page=page, image=image_named("anhthuhai", school), sort_order=1)
    NewsGalleryPhoto.objects.create(
        page=page, image=image_named("anhdautien", school), sort_order=0
    )
    url, _html = og_image(client, school, page)
    assert "anhdautien" in url


def test_then_the_banner_or_logo(client, school):
    settings = SchoolSettings.for_site(school.site)
    settings.logo = image_named("bieutrung", school)
    settings.save()
    page = NewsPageFactory.for_school(school)
    url, _html = og_image(client, school, page)
    assert "bieutrung" in url


def test_else_the_generated_card_with_the_school_name(client, school):
    page = NewsPageFactory.for_school(
        school, summary="", body=[("paragraph", "<p>Học sinh tham gia trồng cây.</p>")]
    )
    url, html = og_image(client, school, page)
    assert url == f"http://{school.site.hostname}/anh-chia-se.jpg"
    assert 'property="og:description" content="Học sinh tham gia trồng cây."' in html
    response = client.get("/anh-chia-se.jpg", HTTP_HOST=school.site.hostname)
    assert response["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.content)) as card:
        assert card.size == (1200, 630)
        assert len(card.convert("L").getcolors(maxcolors=256)) > 10  # text was drawn


def test_card_font_has_vietnamese_letters():
    font = ImageFont.truetype(str(FONT), 40)
    missing = font.getmask("\uffff").getbbox()
    for letter in "ĐđỮữỖỗẾếẶặỸỹƯưƠơ":
        assert font.getmask(letter).getbbox() != missing, letter
    # Different names draw differently (no blank boxes for every letter).
    assert render_card("THCS Kim Đồng") != render_card("THCS Kim Dong")
