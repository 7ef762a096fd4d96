"""Media on real object storage (SeaweedFS started by the test run): uploads,
renditions, documents served by the app with the same headers as local serving,
deletion, refused signatures, and documents never readable straight from the bucket."""

import io
import urllib.error
import urllib.request

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import botocore.exceptions
import pytest
from PIL import Image

from cms.ops.storage import MediaStorage
from home.models import DocumentRelease
from sites.roles import SchoolRole
from tests import seaweedfs

from .conftest import use_s3_media

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 3000


def keys(weed, bucket):
    return {o["Key"] for o in weed.client().list_objects_v2(Bucket=bucket).get("Contents", [])}


def anonymous_get(weed, bucket, key):
    try:
        with urllib.request.urlopen(f"{weed.endpoint}/{bucket}/{key}", timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


@pytest.fixture
def uploader(client, school, school_user):
    client.force_login(school_user(SchoolRole.EDITOR))
    return client


def photo(width=1600, height=1200):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def upload_document(uploader, school, name="ke-hoach.pdf", data=PDF):
    response = uploader.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Kế hoạch năm học",
            "collection": school.collection.pk,
            "file": SimpleUploadedFile(name, data, "application/pdf"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return get_document_model().objects.get(title="Kế hoạch năm học")


def test_only_the_chosen_ports_listen(weed):
    ports = seaweedfs.listening_ports(weed.process.pid)
    if ports is None:
        pytest.skip("`ss` is not installed: cannot list listening ports")
    assert ports, "weed mini listens on nothing?"
    assert ports <= set(weed.ports.values()), ports - set(weed.ports.values())
    assert weed.ports["s3.port"] in ports


def test_image_upload_and_renditions_are_in_the_public_bucket(uploader, school, s3_media):
    response = uploader.post(
        reverse("wagtailimages:add"),
        {
            "title": "Lễ khai giảng",
            "collection": school.collection.pk,
            "file": SimpleUploadedFile("IMG_0001.jpg", photo(), "image/jpeg"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    image = get_image_model().objects.get(title="Lễ khai giảng")
    assert isinstance(default_storage._wrapped, MediaStorage)
    rendition = image.get_rendition("fill-300x200")
    stored = keys(s3_media, seaweedfs.PUBLIC_BUCKET)
    assert image.file.name in stored and rendition.file.name in stored
    assert not keys(s3_media, seaweedfs.PRIVATE_BUCKET)
    # The stored photo is the re-encoded one, readable anonymously (images are public).
    status, body = anonymous_get(s3_media, seaweedfs.PUBLIC_BUCKET, rendition.file.name)
    assert status == 200
    with Image.open(io.BytesIO(body)) as opened:
        assert opened.size == (300, 200)
    assert rendition.url.startswith(f"{s3_media.endpoint}/{seaweedfs.PUBLIC_BUCKET}/")


def test_documents_are_private_and_served_through_the_app(uploader, school, s3_media, client):
    document = upload_document(uploader, school)
    assert document.file.name.startswith("documents/")
    assert document.file.name in keys(s3_media, seaweedfs.PRIVATE_BUCKET)
    assert document.file.name not in keys(s3_media, seaweedfs.PUBLIC_BUCKET)
    # Not readable anonymously straight from the S3 endpoint, and no public URL to it.
    status, _ = anonymous_get(s3_media, seaweedfs.PRIVATE_BUCKET, document.file.name)
    assert status == 403
    with pytest.raises(NotImplementedError):
        _ = document.file.url
    # The app streams it (no redirect to the bucket), once the school published it, on
    # the school's own host (home/document_access.py).
    client.logout()
    DocumentRelease.objects.create(document=document)
    response = client.get(document.url, HTTP_HOST=school.site.hostname)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def served_headers(client, document):
    response = client.get(document.url)
    assert response.status_code == 200, response
    body = b"".join(response.streaming_content)
    headers = {name.lower(): value for name, value in response.headers.items()}
    # Present in both, but the file's date differs between the two uploads.
    assert headers.pop("last-modified")
    return headers, body


def test_document_headers_match_local_serving(uploader, school, settings, tmp_path, weed):
    settings.MEDIA_ROOT = tmp_path / "media"
    local_doc = upload_document(uploader, school, name="kế-hoạch.pdf")
    local_headers, local_body = served_headers(uploader, local_doc)
    local_doc.delete()
    use_s3_media(settings, weed)
    s3_doc = upload_document(uploader, school, name="kế-hoạch.pdf")
    assert s3_doc.file.name in keys(weed, seaweedfs.PRIVATE_BUCKET)
    s3_headers, s3_body = served_headers(uploader, s3_doc)
    assert s3_body == local_body == PDF
    # ETag is the file hash: same bytes, same value on both storages.
    assert s3_headers == local_headers
    assert s3_headers["content-type"] == "application/pdf"
    assert s3_headers["content-length"] == str(len(PDF))
    assert s3_headers["content-disposition"].startswith("inline; filename=")
    assert s3_headers["x-content-type-options"] == "nosniff"
    assert "content-encoding" not in s3_headers
    s3_doc.delete()
    weed.empty_buckets()


def test_deleting_removes_the_objects(
    uploader, school, s3_media, django_capture_on_commit_callbacks
):
    document = upload_document(uploader, school)
    image = get_image_model().objects.create(
        title="Ảnh",
        collection=school.collection,
        file=SimpleUploadedFile("anh.jpg", photo(400, 300)),
        width=400,
        height=300,
    )
    rendition = image.get_rendition("width-200")
    names = {image.file.name, rendition.file.name}
    assert names <= keys(s3_media, seaweedfs.PUBLIC_BUCKET)
    doc_name = document.file.name
    assert doc_name in keys(s3_media, seaweedfs.PRIVATE_BUCKET)

    # Wagtail deletes files (and renditions) once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = uploader.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not (names & keys(s3_media, seaweedfs.PUBLIC_BUCKET))
    assert doc_name not in keys(s3_media, seaweedfs.PRIVATE_BUCKET)


def test_a_wrong_secret_is_refused(weed):
    def media_storage(secret):
        return MediaStorage(**weed.media_settings(secret))

    storage = media_storage("sai-mat-khau")
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        storage.save("original_images/thu.txt", io.BytesIO(b"x"))
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(botocore.exceptions.ClientError):
        storage.check()
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        weed.client(secret="sai-mat-khau").get_object(Bucket=seaweedfs.PUBLIC_BUCKET, Key="x")
    assert refused.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    # With the right secret the same calls work, so the refusal was the signature.
    good = media_storage(seaweedfs.SECRET_KEY)
    good.check()
    name = good.save("original_images/thu.txt", io.BytesIO(b"x"))
    assert good.exists(name)
    good.delete(name)
    assert not good.exists(name)


def test_readyz_checks_the_buckets(client, settings, weed):
    use_s3_media(settings, weed)
    assert client.get("/readyz").status_code == 200
    settings.MEDIA_S3 = weed.media_settings(secret="sai-mat-khau")
    settings.STORAGES = {**settings.STORAGES}  # a fresh storage with the wrong secret
    response = client.get("/readyz")
    assert response.status_code == 503
    assert b"sai-mat-khau" not in response.content
