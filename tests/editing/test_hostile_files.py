"""Hostile uploads, generated here, refused by content whatever their name: each refusal
names the file and the reason in Vietnamese, and nothing is stored."""

import io
import json
import time
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.models import UploadedFile

import pytest
from PIL import Image, ImageFile
from pypdf import PdfWriter

from home import file_safety, uploads
from home.privacy import file_text
from home.uploads import clean_image
from tests.editing.test_uploads import docx_bytes, media_root, stored_files, uploader  # noqa: F401
from tests.files import pdf_from_objects

pytestmark = pytest.mark.django_db


def upload(client, school, name, content):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"collection": school.collection.pk, "files[]": SimpleUploadedFile(name, content)},
    )
    return json.loads(response.content)


def assert_refused(client, school, root, name, content, reason):
    before = stored_files(root)
    data = upload(client, school, name, content)
    assert data["success"] is False, name
    message = data["error_message"]
    assert name in message, message  # names the file
    assert reason in message, message  # and says why
    assert get_document_model().objects.count() == 0
    assert not UploadedFile.objects.exists()
    assert stored_files(root) == before
    return message


def pdf_with(writer_step):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer_step(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def handmade_pdf(catalog_extra):
    """A minimal valid PDF whose catalog carries `catalog_extra` (bytes)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    return pdf_from_objects(objects)


def zeros_docx(megabytes, stored_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1])
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if megabytes:
            with archive.open("word/media/image1.bin", "w") as member:
                for _ in range(megabytes):
                    member.write(b"\0" * 1024 * 1024)
    return buffer.getvalue()


# --- Markup under another name --------------------------------------------------------


def test_file_that_is_both_html_and_pdf_is_refused(uploader, school, media_root):  # noqa: F811
    polyglot = handmade_pdf(b"")
    polyglot = polyglot.replace(
        b"%PDF-1.4\n", b"%PDF-1.4\n%<html><body><script>location='//lua-dao.example'</script>\n"
    )
    assert polyglot.startswith(b"%PDF-")
    assert_refused(uploader, school, media_root, "ke-hoach.pdf", polyglot, "mã trang web")


def test_svg_inside_an_office_file_is_refused(uploader, school, media_root):  # noqa: F811
    hostile = zeros_docx(0, stored_first=("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg">'))
    assert_refused(uploader, school, media_root, "bao-cao.docx", hostile, "mã trang web")


# --- PDFs that act -------------------------------------------------------------------------


def test_pdf_with_javascript_is_refused(uploader, school, media_root):  # noqa: F811
    hostile = handmade_pdf(
        b"/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >> >>"
    )
    assert_refused(uploader, school, media_root, "thong-bao.pdf", hostile, "JavaScript")


def test_pdf_hiding_javascript_behind_name_escapes_is_refused(uploader, school, media_root):  # noqa: F811
    # "/Java#53cript" is /JavaScript once parsed; a byte search for the name misses it.
    hostile = handmade_pdf(b"/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >>")
    assert b"/JavaScript" not in hostile
    assert_refused(uploader, school, media_root, "lich.pdf", hostile, "JavaScript")


def encrypted_pdf(user_password="", algorithm="AES-128", javascript=True):
    """A PDF opening with JavaScript, encrypted (empty user password: viewers open it
    without asking), its names then written with #xx escapes, so no raw byte says so."""
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1)"),
            }
        )
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm=algorithm)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue().replace(b"/JavaScript", b"/Java#53cript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in data and b"/JS " not in data
    return data


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_js_behind_empty_password_is_refused(uploader, school, media_root, algorithm):  # noqa: F811
    hostile = encrypted_pdf(algorithm=algorithm)
    assert_refused(uploader, school, media_root, "cong-van.pdf", hostile, "JavaScript")


def test_pdf_needing_a_password_cannot_be_inspected_and_is_refused(uploader, school, media_root):  # noqa: F811
    hostile = encrypted_pdf(user_password="mat-khau")
    assert_refused(uploader, school, media_root, "cong-van.pdf", hostile, "mật khẩu")


def test_pdf_encrypted_with_owner_password_only_is_accepted(uploader, school):  # noqa: F811
    # Official letters often come "protected" (no printing/copying): an empty user password.
    benign = encrypted_pdf(javascript=False)
    assert upload(uploader, school, "cong-van.pdf", benign)["success"] is True


def test_pdf_with_additional_actions_is_refused(uploader, school, media_root):  # noqa: F811
    hostile = handmade_pdf(b"/A#41 << /O << /S /GoTo /D [3 0 R /Fit] >> >>")
    assert_refused(uploader, school, media_root, "lich.pdf", hostile, "JavaScript")


def test_pdf_with_launch_action_is_refused(uploader, school, media_root):  # noqa: F811
    hostile = handmade_pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>")
    assert_refused(uploader, school, media_root, "don.pdf", hostile, "mở chương trình")


def test_pdf_with_embedded_file_is_refused(uploader, school, media_root):  # noqa: F811
    hostile = pdf_with(lambda w: w.add_attachment("cai-dat.exe", b"MZ\x90\x00"))
    assert_refused(uploader, school, media_root, "mau-don.pdf", hostile, "nhúng")


def test_plain_pdf_with_links_and_goto_open_action_is_accepted(uploader, school):  # noqa: F811
    benign = handmade_pdf(b"/OpenAction [3 0 R /Fit]")
    benign_writer = pdf_with(lambda w: w.add_metadata({"/Title": "Kế hoạch"}))
    for name, content in (("a.pdf", benign), ("b.pdf", benign_writer)):
        assert upload(uploader, school, name, content)["success"], name


# --- Office files that expand --------------------------------------------------------------


def test_docx_expanding_past_the_ratio_is_refused_before_any_read(
    uploader,  # noqa: F811
    school,
    media_root,  # noqa: F811
    monkeypatch,
):
    hostile = zeros_docx(20)  # 20 MiB of zeros in ~20 KiB
    assert len(hostile) < 200_000

    def no_expanding(*args, **kwargs):
        raise AssertionError("a part of the bomb was expanded")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", no_expanding)
    assert_refused(uploader, school, media_root, "bom.docx", hostile, "giãn ra quá lớn")


def test_office_file_past_the_absolute_size_is_refused(uploader, school, media_root, monkeypatch):  # noqa: F811
    monkeypatch.setattr(file_safety, "MAX_EXPANDED_BYTES", 4 * 1024 * 1024)
    monkeypatch.setattr(file_safety, "MAX_COMPRESSION_RATIO", 10**9)
    assert_refused(uploader, school, media_root, "lon.docx", zeros_docx(5), "giãn ra quá lớn")


def test_odf_whose_mimetype_part_is_the_bomb_is_refused(uploader, school, media_root):  # noqa: F811
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w") as member:
            member.write(b"application/vnd.oasis.opendocument.text")
            for _ in range(20):
                member.write(b" " * 1024 * 1024)
        archive.writestr("content.xml", "<office:document-content/>")
    assert_refused(uploader, school, media_root, "bien-ban.odt", buffer.getvalue(), "giãn ra")


def test_zip_with_too_many_parts_is_refused(uploader, school, media_root, monkeypatch):  # noqa: F811
    monkeypatch.setattr(file_safety, "MAX_ZIP_MEMBERS", 50)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(60):
            archive.writestr(f"word/p{n}.xml", "<x/>")
    assert_refused(uploader, school, media_root, "nhieu.docx", buffer.getvalue(), "giãn ra")


def test_privacy_guard_does_not_expand_a_stored_bomb(monkeypatch):
    def no_expanding(*args, **kwargs):
        raise AssertionError("the privacy guard expanded a bomb")

    monkeypatch.setattr(zipfile.ZipExtFile, "read", no_expanding)
    assert file_text(io.BytesIO(zeros_docx(20)), "bom.docx") == ""


def test_real_docx_still_reads_for_the_privacy_guard():
    assert "Kế hoạch" in file_text(io.BytesIO(docx_bytes("Kế hoạch dạy học")), "a.docx")


# --- Photos ----------------------------------------------------------------------------------


def test_huge_photo_is_downscaled_in_bounded_time():
    photo = io.BytesIO()
    Image.new("RGB", (8000, 6000), (120, 80, 40)).save(photo, "JPEG", quality=70)
    upload_file = SimpleUploadedFile("to.jpg", photo.getvalue(), "image/jpeg")
    started = time.monotonic()
    cleaned = clean_image(upload_file)
    elapsed = time.monotonic() - started
    with Image.open(cleaned) as result:
        assert max(result.size) <= 2560
    assert elapsed < 10, f"48 Mpx photo took {elapsed:.1f} s"


class _ReadOnlyPillow:
    """Pillow's Image module, but any assignment to it (a process-wide setting such as
    MAX_IMAGE_PIXELS, shared by every thread of a worker) fails the test."""

    def __getattr__(self, name):
        return getattr(Image, name)

    def __setattr__(self, name, value):
        raise AssertionError(f"clean_image changed PIL.Image.{name}")


@pytest.mark.parametrize(
    ("size", "pixels"),
    # Over our limit (the size read from the header), then over Pillow's own (~179 Mpx:
    # Image.open refuses before the size is read, so the count is unknown).
    [((120, 100), "(12.000 điểm ảnh"), ((15_000, 13_000), "(? điểm ảnh")],
)
def test_pixel_limit_is_checked_from_the_header_without_global_state(
    monkeypatch, settings, size, pixels
):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 10_000
    photo = io.BytesIO()
    Image.new("1", size).save(photo, "PNG")
    monkeypatch.setattr(uploads, "Image", _ReadOnlyPillow())
    monkeypatch.setattr(ImageFile.ImageFile, "load", _no_decoding)
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(ValidationError) as refused:
        clean_image(SimpleUploadedFile("to.png", photo.getvalue(), "image/png"))
    assert refused.value.code == "file_too_many_pixels"
    message = refused.value.messages[0]
    assert pixels in message and "tối đa 10.000)" in message
    assert before == Image.MAX_IMAGE_PIXELS


def _no_decoding(image):
    raise AssertionError("an image over the limit was decoded")


def test_photo_refusal_names_the_file(uploader, school, media_root):  # noqa: F811
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, "PNG")
    response = uploader.post(
        reverse("wagtailimages:add_multiple"),
        {
            "collection": school.collection.pk,
            "files[]": SimpleUploadedFile("bom.png", bomb.getvalue()),
        },
    )
    message = json.loads(response.content)["error_message"]
    assert "bom.png" in message and "quá lớn" in message
