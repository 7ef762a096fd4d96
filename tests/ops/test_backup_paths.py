"""`restore` reads only files inside the backup (issue 21): a manifest naming an
absolute path, a path climbing out with `..`, or a symlink leading out is refused before
anything is read, checksummed or written."""

import hashlib
import json

from django.db import connection

import pytest

from cms.ops import backup
from cms.ops.backup import FORMAT, VERSION, BackupError, restore_backup


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "bi-mat.txt"
    path.write_bytes(b"SECRET_KEY=...")
    return path


@pytest.fixture
def read_files(monkeypatch):
    seen = []
    original = backup.sha256_of

    def spy(path):
        seen.append(str(path))
        return original(path)

    monkeypatch.setattr(backup, "sha256_of", spy)
    return seen


def make_backup(root, database_file="db.sqlite3", media=()):
    root.mkdir()
    (root / "db.sqlite3").write_bytes(b"")
    (root / "media").mkdir()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "database": {
            "vendor": connection.vendor,
            "file": database_file,
            "sha256": hashlib.sha256(b"").hexdigest(),
        },
        "media": [{"name": name, "sha256": "0" * 64} for name in media],
        "missing": [],
    }
    (root / "manifest.json").write_text(json.dumps(manifest))
    return root


@pytest.mark.parametrize(
    "database_file, media",
    [
        ("db.sqlite3", ["../../bi-mat.txt"]),
        ("../bi-mat.txt", []),
        ("ABSOLUTE", []),
        ("db.sqlite3", ["ABSOLUTE"]),
        ("db.sqlite3", ["images/../../../bi-mat.txt"]),
    ],
)
def test_paths_outside_the_backup_are_refused_unread(
    tmp_path, secret, read_files, database_file, media
):
    database_file = str(secret) if database_file == "ABSOLUTE" else database_file
    media = [str(secret) if name == "ABSOLUTE" else name for name in media]
    root = make_backup(tmp_path / "sao-luu", database_file, media)
    with pytest.raises(BackupError, match="không hợp lệ"):
        restore_backup(root, force=True)
    assert not any("bi-mat" in path for path in read_files)


def test_a_symlink_out_of_the_backup_is_refused_unread(tmp_path, secret, read_files):
    root = make_backup(tmp_path / "sao-luu", media=["images/anh.jpg"])
    (root / "media" / "images").mkdir()
    (root / "media" / "images" / "anh.jpg").symlink_to(secret)
    with pytest.raises(BackupError, match="ra ngoài bản sao lưu"):
        restore_backup(root, force=True)
    assert not any("anh.jpg" in path or "bi-mat" in path for path in read_files)
