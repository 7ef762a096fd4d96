"""Only counts are kept: after imports through the principal's screen, no name, birth date,
ID number, parent's name or phone from the files is anywhere in the database (every
table's text), the media stores, the logs or the cache, and the uploaded file is gone."""

import logging
import pickle

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from publicity.models import SectorDataImport

from .exports import PERSONAL, lower_secondary_export


def all_database_text():
    """Every row of every table, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the schema)
            for row in cursor.fetchall():
                chunks.append(" ".join(str(value) for value in row))
    return "\n".join(chunks)


def files_text(root):
    if not root.exists():
        return ""
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in root.rglob("*") if path.is_file()
    )


def cache_text():
    store = getattr(cache, "_cache", {})
    return "\n".join(
        pickle.loads(value).__repr__() if isinstance(value, bytes) else repr(value)  # noqa: S301
        for value in store.values()
    )


def upload(client, content, accept=False, name="DS_HS_2026.xlsx"):
    data = {
        "file": SimpleUploadedFile(name, content),
        "school_year": "2026-2027",
    }
    if accept:
        data["accept_skipped"] = "on"
    return client.post(reverse("publicity_sector_data"), data)


def test_no_personal_data_anywhere_after_an_import(
    logged_in, secondary, settings, tmp_path, caplog
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # the upload goes through a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    caplog.set_level(logging.DEBUG)
    response = upload(logged_in, lower_secondary_export(bad_row=True))
    assert response.status_code == 200
    assert "dòng 10" in response.content.decode()
    assert "Xem trước số liệu sẽ nhập" in response.content.decode()
    assert not SectorDataImport.objects.exists()  # nothing from a file with errors
    response = upload(logged_in, lower_secondary_export(bad_row=True), accept=True)
    assert response.status_code == 302
    assert SectorDataImport.objects.filter(school=secondary).count() == 2
    # The page the principal lands on, rendered (its caches filled).
    assert logged_in.get(reverse("publicity_sector_data")).status_code == 200

    assert list(tmp_path.glob("*.upload*")) == []  # the uploaded file is deleted
    haystacks = {
        "database": all_database_text(),
        "media": files_text(tmp_path),
        "logs": caplog.text,
        "cache": cache_text(),
    }
    assert "khoi_6" in haystacks["database"]  # the counts are there
    for where, text in haystacks.items():
        found = [value for value in PERSONAL if value in text]
        assert found == [], f"{where} holds {found}"
