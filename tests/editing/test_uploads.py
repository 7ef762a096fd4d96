"""Phone uploads: photos are stored without GPS or other metadata, documents are
checked by content, and every refusal leaves nothing behind."""

import io
import json
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image

from sites.roles import SchoolRole

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP_WITH_PLACE = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="15,52.8N"/></rdf:RDF></x:xmpmeta>'
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root):
    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def phone_photo(width=4032, height=3024, orientation=6, fmt="JPEG"):
    """A photo as a phone writes it: camera make/model, GPS position, rotated sensor."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, width // 4, height // 4))  # marks the top-left corner
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 13"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (15.0, 52.0, 48.0), 3: "E", 4: (108.0, 19.0, 30.0)})
    extra = {}
    if fmt == "JPEG":
        extra = {"comment": b"Nguyen Van An 0905111222", "xmp": XMP_WITH_PLACE}
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), quality=80, **extra)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(GPS_IFD), "the test photo must really carry GPS"
        if fmt == "JPEG":
            assert "xmp" in check.info and "comment" in check.info
    return data


def assert_no_metadata(path_or_file):
    with Image.open(path_or_file) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert len(exif) == 0, dict(exif)
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info
        assert "exif" not in image.info
        assert "comment" not in image.info
        raw = Path(path_or_file).read_bytes()
        assert b"adobe:ns:meta" not in raw and b"Nguyen Van An" not in raw and b"iPhone" not in raw
        return image.size


@pytest.fixture
def uploader(client, school, school_user):
    user = school_user(SchoolRole.EDITOR)
    client.force_login(user)
    return client


def test_photo_with_gps_through_add_image_view(uploader, school, media_root):
    photo = phone_photo()
    response = uploader.post(
        reverse("wagtailimages:add"),
        {
            "title": "Lễ khai giảng",
            "collection": school.collection.pk,
            "file": SimpleUploadedFile("IMG_0001.jpg", photo, "image/jpeg"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    image = get_image_model().objects.get(title="Lễ khai giảng")
    # Orientation 6 = rotate: portrait 3024x4032, scaled to 2560 on the long side.
    assert (image.width, image.height) == (1920, 2560)
    size = assert_no_metadata(image.file.path)
    assert size == (1920, 2560)
    with Image.open(image.file.path) as stored:
        # After rotating 90° clockwise, the blue top-left corner sits top-right.
        assert stored.getpixel((1900, 20))[2] > 150
        assert stored.getpixel((20, 20))[0] > 150

    for spec in ("width-800", "fill-300x200", "max-1200x1200", "original", "format-webp"):
        rendition = image.get_rendition(spec)
        assert_no_metadata(rendition.file.path)
    assert image.renditions.count() == 5


def test_photos_through_multiple_upload_view(uploader, school):
    for index, fmt in enumerate(("JPEG", "WEBP", "PNG")):
        response = uploader.post(
            reverse("wagtailimages:add_multiple"),
            {
                "collection": school.collection.pk,
                "files[]": SimpleUploadedFile(
                    f"anh-{index}.{fmt.lower()}", phone_photo(1600, 1200, fmt=fmt)
                ),
            },
        )
        data = json.loads(response.content)
        assert data["success"], data
        image = get_image_model().objects.get(pk=data["image_id"])
        assert (image.width, image.height) == (1200, 1600)
        assert_no_metadata(image.file.path)
        assert_no_metadata(image.get_rendition("width-400").file.path)


def test_heic_photo_is_stored_as_jpeg_without_metadata(uploader, school):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = Image.new("RGB", (1200, 900), (10, 120, 10))
    exif = Image.Exif()
    exif[ORIENTATION] = 1
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (15.0, 52.0, 48.0)})
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", exif=exif.tobytes())
    response = uploader.post(
        reverse("wagtailimages:add"),
        {
            "title": "Ảnh iPhone",
            "collection": school.collection.pk,
            "file": SimpleUploadedFile("IMG_0002.heic", buffer.getvalue(), "image/heic"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    stored = get_image_model().objects.get(title="Ảnh iPhone")
    assert stored.file.name.endswith(".jpg")
    with Image.open(stored.file.path) as opened:
        assert opened.format == "JPEG"
    assert_no_metadata(stored.file.path)


def _refused_image(uploader, school, name, content, media_root):
    before_files = stored_files(media_root)
    before_rows = get_image_model().objects.count()
    response = uploader.post(
        reverse("wagtailimages:add_multiple"),
        {
            "collection": school.collection.pk,
            "files[]": SimpleUploadedFile(name, content),
        },
    )
    data = json.loads(response.content)
    assert data["success"] is False
    assert get_image_model().objects.count() == before_rows
    assert stored_files(media_root) == before_files
    from wagtail.models import UploadedFile

    assert not UploadedFile.objects.exists()
    return data["error_message"]


def test_decompression_bomb_is_refused_in_vietnamese(uploader, school, media_root):
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")  # 81 Mpx in a few kilobytes
    assert len(bomb.getvalue()) < 200_000
    message = _refused_image(uploader, school, "bom.png", bomb.getvalue(), media_root)
    assert "quá lớn" in message


def test_fake_and_forbidden_images_are_refused(uploader, school, media_root):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "Chỉ nhận ảnh" in _refused_image(uploader, school, "logo.svg", svg, media_root)
    html = b"<html><body>not a photo</body></html>"
    message = _refused_image(uploader, school, "anh.jpg", html, media_root)
    assert "không phải là ảnh" in message or "Chỉ nhận ảnh" in message
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    assert "Chỉ nhận ảnh" in _refused_image(
        uploader, school, "dong.gif", gif.getvalue(), media_root
    )


def test_refused_single_upload_shows_error_and_stores_nothing(uploader, school, media_root):
    response = uploader.post(
        reverse("wagtailimages:add"),
        {
            "title": "Giả",
            "collection": school.collection.pk,
            "file": SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 executable", "image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert "không phải là ảnh" in response.content.decode()
    assert not get_image_model().objects.filter(title="Giả").exists()
    assert stored_files(media_root) == []


# --- documents ----------------------------------------------------------------------


def docx_bytes(text="Kế hoạch dạy học"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def xlsx_bytes():
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Lớp", "Sĩ số"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_DOCUMENTS = [
    ("ke-hoach.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
    ("ke-hoach.docx", docx_bytes()),
    ("so-lieu.xlsx", xlsx_bytes()),
    ("bien-ban.odt", odt_bytes()),
    ("cu.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504),
]

BAD_DOCUMENTS = [
    ("cai-dat.exe", b"MZ\x90\x00" + b"\x00" * 60, "Chỉ nhận tài liệu"),
    ("trang.html", b"<html><script>alert(1)</script></html>", "Chỉ nhận tài liệu"),
    ("hinh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Chỉ nhận tài liệu"),
    ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60, "không đúng định dạng PDF"),
    ("gia.docx", b"<html>renamed</html>", "không đúng định dạng DOCX"),
    ("gia.xlsx", docx_bytes(), "không đúng định dạng XLSX"),
    ("gia.doc", b"%PDF-1.4 renamed", "không đúng định dạng DOC"),
    ("gia.odt", xlsx_bytes(), "không đúng định dạng ODT"),
]


@pytest.mark.parametrize(("name", "content"), GOOD_DOCUMENTS)
def test_real_documents_are_accepted(uploader, school, name, content):
    response = uploader.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "collection": school.collection.pk,
            "files[]": SimpleUploadedFile(name, content),
        },
    )
    data = json.loads(response.content)
    assert data["success"], data
    assert get_document_model().objects.filter(pk=data["doc_id"]).exists()


@pytest.mark.parametrize(("name", "content", "message"), BAD_DOCUMENTS)
def test_bad_documents_are_refused_leaving_nothing(
    uploader, school, media_root, name, content, message
):
    before = stored_files(media_root)
    response = uploader.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "collection": school.collection.pk,
            "files[]": SimpleUploadedFile(name, content),
        },
    )
    data = json.loads(response.content)
    assert data["success"] is False
    assert message in data["error_message"]
    assert get_document_model().objects.count() == 0
    assert stored_files(media_root) == before


def test_oversized_document_is_refused(uploader, school, settings, media_root):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = uploader.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Quá lớn",
            "collection": school.collection.pk,
            "file": SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * 4096),
        },
    )
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode()
    assert get_document_model().objects.count() == 0
    assert stored_files(media_root) == []
