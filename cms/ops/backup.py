"""Backups that restore: a consistent database dump plus every media file with checksums.

Layout of a backup directory (format "truongso-backup", version 1):

    manifest.json   what is inside, with a SHA-256 for the dump and each media file
    db.sqlite3      SQLite: a copy made with SQLite's online backup API (consistent), or
    db.pgdump       PostgreSQL: `pg_dump --format=custom` (one consistent snapshot)
    media/<name>    every file of the default storage (local disk or both S3 buckets)

`dumpdata`/`loaddata` is not used: Wagtail's page tree (paths, numchild), revisions and
generic relations do not survive natural-key round trips reliably; a real dump does.
The database is dumped first, then the media are copied: a file uploaded in between is
simply extra, and a file deleted in between is listed under "missing" in the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, connections
from django.utils import timezone

from sites.models import School

FORMAT = "truongso-backup"
VERSION = 1


class BackupError(Exception):
    """A Vietnamese message for the operator; nothing was changed."""


def sha256_of(path_or_file):
    digest = hashlib.sha256()
    if isinstance(path_or_file, (str, Path)):
        with open(path_or_file, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    else:
        for chunk in iter(lambda: path_or_file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_names(storage=None):
    """Every file name in the media storage, sorted."""
    storage = storage or storages["default"]
    if hasattr(storage, "iter_files"):  # cms.ops.storage.MediaStorage (both buckets)
        return sorted(storage.iter_files())
    root = Path(storage.location)
    if not root.exists():
        return []
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def media_checksums(storage=None):
    storage = storage or storages["default"]
    sums = {}
    for name in media_names(storage):
        with storage.open(name, "rb") as handle:
            sums[name] = sha256_of(handle)
    return sums


def _pg_env(db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db):
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def _require(binary):
    path = shutil.which(binary)
    if not path:
        raise BackupError(f"Không tìm thấy chương trình {binary} (cài gói postgresql-client).")
    return path


def dump_database(target_dir):
    vendor = connection.vendor
    if vendor == "sqlite":
        path = target_dir / "db.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return path
    if vendor == "postgresql":
        db = connection.settings_dict
        path = target_dir / "db.pgdump"
        result = subprocess.run(  # noqa: S603 - pg_dump found on PATH, our own arguments
            [_require("pg_dump"), "--format=custom", "--no-owner", "--file", str(path)]
            + _pg_args(db)
            + [db["NAME"]],
            env=_pg_env(db),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump không chạy được: {result.stderr.strip()[:500]}")
        return path
    raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")


def create_backup(output_dir):
    output_dir = Path(output_dir)
    if output_dir.exists() and any(output_dir.iterdir()):
        raise BackupError(f"Thư mục {output_dir} đã có dữ liệu; hãy chọn một thư mục trống.")
    (output_dir / "media").mkdir(parents=True, exist_ok=True)
    dump = dump_database(output_dir)
    storage = storages["default"]
    media, missing = [], []
    for name in media_names(storage):
        target = output_dir / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with storage.open(name, "rb") as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out, 1 << 20)
        except FileNotFoundError:
            missing.append(name)  # deleted after the listing
            continue
        media.append({"name": name, "size": target.stat().st_size, "sha256": sha256_of(target)})
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": dump.name,
            "sha256": sha256_of(dump),
        },
        "media": media,
        "missing": missing,
    }
    (output_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def inside_backup(backup_dir, relative):
    """The path of `relative` in the backup, refused unless it stays inside it: the
    manifest is data from a file, and restore must never read, checksum or copy
    /etc/passwd, ../other-install/... or a symlink leading out of the backup."""
    relative = str(relative)
    parts = PurePosixPath(relative).parts
    if (
        not relative
        or "\x00" in relative
        or "\\" in relative
        or PurePosixPath(relative).is_absolute()
        or ".." in parts
    ):
        raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {relative!r}.")
    root = Path(backup_dir).resolve()
    path = Path(backup_dir) / relative
    try:
        path.resolve().relative_to(root)
    except ValueError:
        raise BackupError(
            f"Tệp {relative} trỏ ra ngoài bản sao lưu (liên kết tượng trưng); không khôi phục."
        ) from None
    return path


def read_manifest(backup_dir):
    backup_dir = Path(backup_dir)
    try:
        manifest = json.loads((backup_dir / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError(
            f"{backup_dir} không phải là bản sao lưu (thiếu manifest.json)."
        ) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError("Bản sao lưu không đúng định dạng hoặc phiên bản không được hỗ trợ.")
    if manifest["database"]["vendor"] != connection.vendor:
        vendor = manifest["database"]["vendor"]
        raise BackupError(
            f"Bản sao lưu được tạo từ cơ sở dữ liệu {vendor}, "
            f"nhưng bản cài này dùng {connection.vendor}."
        )
    # Verify everything before touching anything.
    files = [(backup_dir, manifest["database"]["file"], manifest["database"]["sha256"])]
    files += [(backup_dir / "media", item["name"], item["sha256"]) for item in manifest["media"]]
    for folder, name, expected in files:
        path = inside_backup(folder, name)
        relative = path.relative_to(backup_dir)
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(f"Tệp {relative} trong bản sao lưu bị thiếu hoặc hỏng.")
    return manifest


def install_is_empty():
    """No tables, or a freshly migrated install: no school, no page beyond Wagtail's own."""
    tables = set(connection.introspection.table_names())
    if "wagtailcore_page" not in tables:
        return True
    from wagtail.models import Page

    return not School.objects.exists() and Page.objects.count() <= 2


def restore_database(backup_dir, manifest):
    dump = inside_backup(backup_dir, manifest["database"]["file"])
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    db = connection.settings_dict
    for alias in connections:  # pg_restore drops tables: hold no locks on them
        connections[alias].close()
    result = subprocess.run(  # noqa: S603 - pg_restore found on PATH, our own arguments
        [_require("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        + _pg_args(db)
        + ["--dbname", db["NAME"], str(dump)],
        env=_pg_env(db),
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore không chạy được: {result.stderr.strip()[:500]}")


def restore_media(backup_dir, manifest):
    storage = storages["default"]
    for item in manifest["media"]:
        name = item["name"]
        if storage.exists(name):
            storage.delete(name)
        with open(inside_backup(Path(backup_dir) / "media", name), "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Không ghi được tệp {name} đúng tên (được lưu thành {saved}).")


def restore_backup(backup_dir, force=False):
    manifest = read_manifest(backup_dir)
    if not force and not install_is_empty():
        raise BackupError(
            "Bản cài này đã có dữ liệu (trường, trang). Chỉ khôi phục vào bản cài trống, "
            "hoặc dùng --force nếu chắc chắn muốn ghi đè."
        )
    restore_database(backup_dir, manifest)
    restore_media(backup_dir, manifest)
    from django.core.cache import caches

    for alias in settings.CACHES:  # cached pages and routes describe the old database
        caches[alias].clear()
    return manifest
