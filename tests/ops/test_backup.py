"""Backup and restore round trip into an empty install, on SQLite and PostgreSQL
(whichever the suite runs on): page tree, revisions, users and media checksums."""

import json
import shutil

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

import pytest

from cms.ops.backup import install_is_empty, media_checksums
from sites.models import School
from tests.factories import (
    DocumentFactory,
    ImageFactory,
    NewsPageFactory,
    make_school,
    make_school_user,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def needs_pg_tools():
    if connection.vendor == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump/pg_restore not installed: PostgreSQL backup leg skipped")


def empty_install():
    """Every row gone. Sequences are kept: later tests of the session insert after the
    rows Django re-creates from its serialized copy, which flush's reset would collide with."""
    call_command(
        "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0
    )


def snapshot():
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("path", "title", "live", "numchild")
        ),
        "revisions": Revision.objects.count(),
        "revision_content": sorted(
            json.dumps(r.content, sort_keys=True) for r in Revision.objects.all()
        ),
        "schools": list(School.objects.order_by("slug").values_list("slug", "name")),
        "users": list(
            get_user_model().objects.order_by("username").values_list("username", "password")
        ),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "media": media_checksums(),
    }


def content(media_root):
    school = make_school("THCS Kim Đồng")
    editor = make_school_user(school, "editor")
    image = ImageFactory(collection=school.collection)
    image.get_rendition("fill-200x100")
    DocumentFactory(
        collection=school.collection,
        file__filename="ke-hoach.pdf",
        file__data=b"%PDF-1.4\n" + b"1" * 999,
    )
    news = NewsPageFactory.for_school(school, title="Khai giảng năm học mới")
    for n in range(3):
        news.title = f"Khai giảng năm học mới (bản {n})"
        news.save_revision(user=editor).publish()
    return school


def test_backup_restores_into_an_empty_install(media_root, tmp_path):
    content(media_root)
    before = snapshot()
    assert before["revisions"] >= 3 and len(before["media"]) >= 3

    backup_dir = tmp_path / "backup"
    call_command("backup", output=str(backup_dir), verbosity=0)
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["format"] == "truongso-backup" and manifest["version"] == 1
    assert {item["name"]: item["sha256"] for item in manifest["media"]} == before["media"]

    # An empty install: no rows at all, no media.
    empty_install()
    shutil.rmtree(media_root)
    assert install_is_empty() and Page.objects.count() == 0

    call_command("restore", str(backup_dir), verbosity=0)
    assert snapshot() == before
    # The restored tree is a working Wagtail tree.
    school = School.objects.get()
    assert school.home_page.get_descendants().live().filter(title__contains="bản 2").exists()


def test_restore_refuses_a_non_empty_install_and_a_damaged_backup(media_root, tmp_path):
    content(media_root)
    backup_dir = tmp_path / "backup"
    call_command("backup", output=str(backup_dir), verbosity=0)
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(backup_dir), verbosity=0)

    empty_install()
    damaged = next((backup_dir / "media").rglob("*.pdf"))
    damaged.write_bytes(b"%PDF-1.4 changed")
    with pytest.raises(CommandError, match="bị thiếu hoặc hỏng"):
        call_command("restore", str(backup_dir), verbosity=0)
    assert Page.objects.count() == 0  # nothing half-restored

    with pytest.raises(CommandError, match="thư mục trống"):
        call_command("backup", output=str(backup_dir), verbosity=0)
