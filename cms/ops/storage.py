"""Media on S3-compatible object storage: public images, private documents.

Images and their renditions are public (a CDN or the bucket may serve them straight).
Documents are not: a school's documents may sit in a view-restricted collection, and
who may fetch one is decided in the app (`WAGTAILDOCS_SERVE_METHOD = "serve_view"`,
the `before_serve_document` hook). So every name under `documents/` (Wagtail's
upload_to for documents) goes to a second, private bucket that has no anonymous read
and no public URL; the app streams those objects itself.

One storage object routes by name, so Wagtail's models need no custom storage field
and backups/exports see one media tree.
"""

from django.conf import settings
from django.core.files.storage import Storage
from django.utils.deconstruct import deconstructible

from storages.backends.s3 import S3Storage

PRIVATE_PREFIXES = ("documents/",)


def _is_private(name):
    return str(name).replace("\\", "/").lstrip("/").startswith(PRIVATE_PREFIXES)


class PrivateS3Storage(S3Storage):
    """Objects only the app can read: no ACL grant, signed access only."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        # Never hand out a link to the bucket: documents are served by the app's view.
        raise NotImplementedError("Tài liệu chỉ được tải qua ứng dụng, không có địa chỉ công khai.")


def _client_config():
    from botocore.config import Config

    return Config(
        # Checksum only where an operation requires it. boto3 >= 1.36 adds CRC32 trailers
        # (aws-chunked uploads) to every request by default, which several S3-compatible
        # servers still refuse (older SeaweedFS/MinIO, some Vietnamese providers); SeaweedFS
        # 4.x accepts both, so this only keeps us portable.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        signature_version="s3v4",
        retries={"max_attempts": 3, "mode": "standard"},
    )


@deconstructible
class MediaStorage(Storage):
    """Routes `documents/…` to the private bucket and everything else to the public one.

    Configured by `settings.MEDIA_S3`; keyword arguments override single keys (tests).
    It deconstructs to those overrides only, so in production (no arguments) Wagtail's
    file-deletion task carries no credentials.
    """

    def __init__(self, **overrides):
        config = {**getattr(settings, "MEDIA_S3", {}), **overrides}
        common = {
            "endpoint_url": config.get("endpoint_url"),
            "region_name": config.get("region_name"),
            "access_key": config.get("access_key"),
            "secret_key": config.get("secret_key"),
            "file_overwrite": False,
            "client_config": _client_config(),
        }
        self.public = S3Storage(
            **common,
            bucket_name=config["public_bucket"],
            querystring_auth=False,
            custom_domain=config.get("custom_domain"),
        )
        self.private = PrivateS3Storage(
            **common, bucket_name=config["private_bucket"], default_acl=None
        )

    def backend_for(self, name):
        return self.private if _is_private(name) else self.public

    # Storage API: every call goes to the bucket that owns the name.
    def _open(self, name, mode="rb"):
        return self.backend_for(name)._open(name, mode)

    def _save(self, name, content):
        return self.backend_for(name)._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend_for(name).get_available_name(name, max_length=max_length)

    def get_alternative_name(self, file_root, file_ext):
        return self.backend_for(file_root).get_alternative_name(file_root, file_ext)

    def generate_filename(self, filename):
        return self.backend_for(filename).generate_filename(filename)

    def get_valid_name(self, name):
        return self.public.get_valid_name(name)

    def delete(self, name):
        return self.backend_for(name).delete(name)

    def exists(self, name):
        return self.backend_for(name).exists(name)

    def listdir(self, path):
        return self.backend_for(path.rstrip("/") + "/").listdir(path)

    def size(self, name):
        return self.backend_for(name).size(name)

    def url(self, name):
        return self.backend_for(name).url(name)

    def get_modified_time(self, name):
        return self.backend_for(name).get_modified_time(name)

    def get_created_time(self, name):
        return self.backend_for(name).get_created_time(name)

    def get_accessed_time(self, name):
        return self.backend_for(name).get_accessed_time(name)

    def path(self, name):
        raise NotImplementedError("Object storage has no local paths.")

    def iter_files(self):
        """Every stored name (both buckets), for backups and exports."""
        for backend in (self.public, self.private):
            for obj in backend.bucket.objects.all():
                if _is_private(obj.key) == (backend is self.private):
                    yield obj.key

    def check(self):
        """Raises if a bucket cannot be reached with our credentials (readiness check)."""
        for backend in (self.public, self.private):
            backend.connection.meta.client.head_bucket(Bucket=backend.bucket_name)
