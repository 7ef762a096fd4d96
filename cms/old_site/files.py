"""Images and documents of an old site, stored in the school's collection as uploads are.

Nothing from the old site is trusted more than an upload: every image goes through
`home.uploads.clean_image` (orientation applied, EXIF/GPS and every other metadata
removed, long side capped, pixel bombs refused) and every document through
`home.uploads.check_document` (type by content, size, HTML/PDF polyglots, PDF scripts
and actions, zip bombs; `home/file_safety.py`). A file is fetched once: it is found
again by its old URL, and the same bytes under another URL are stored once (SHA-256).
A refusal is remembered (a second run does not fetch it again); a network failure is
not (a later run tries again).
"""

import hashlib
import mimetypes
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from home.uploads import check_document, clean_image

from .addresses import extension, file_name, is_document, url_key
from .models import ImportedFile
from .network import FetchFailed, FetchRefused

PERMANENT_STATUSES = {401, 403, 404, 410}


def _refusal(error):
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error)


def file_link(stored):
    """Where a stored file is served now, for its old address's 301: a document through
    the documents view (/tai-lieu/<id>/<name>, with its checks), an image as its file."""
    if isinstance(stored, get_document_model()):
        return stored.url
    return stored.file.url


class FileStore:
    """The school's imported files. `fetch_many(urls)` returns {url: Response or
    exception} (the runner fetches them in parallel); `report(kind, url, message)`
    writes a line of the run's report."""

    def __init__(self, school, user, fetch_many, report, is_own):
        self.school, self.user = school, user
        self.fetch_many, self.report, self.is_own = fetch_many, report, is_own
        self.collection = school.collection
        self.stored = {"images": 0, "documents": 0, "refused": 0, "reused": 0}

    def get(self, urls):
        """{url: Image or Document} for the `urls` that are (or now get) stored."""
        urls = [u for u in dict.fromkeys(urls) if u]
        keys = {url: url_key(url) for url in urls}
        known = {
            row.key: row
            for row in ImportedFile.objects.filter(
                school=self.school, key__in=keys.values()
            ).select_related("image", "document")
        }
        found, wanted = {}, []
        for url in urls:
            row = known.get(keys[url])
            if row is not None:
                if row.image or row.document:
                    found[url] = row.image or row.document
            elif self.is_own(url):
                wanted.append(url)
        if wanted:
            for url, result in self.fetch_many(wanted).items():
                stored = self._store(url, keys[url], result)
                if stored is not None:
                    found[url] = stored
        return found

    def _store(self, url, key, result):
        if isinstance(result, FetchRefused | FetchFailed):
            permanent = isinstance(result, FetchRefused) or (
                getattr(result, "status", None) in PERMANENT_STATUSES
            )
            self.report(url, _refusal(result))
            if permanent:
                ImportedFile.objects.create(
                    school=self.school, key=key, old_url=url[:2000], problem=_refusal(result)[:500]
                )
            return None
        data = result.body
        digest = hashlib.sha256(data).hexdigest()
        same = (
            ImportedFile.objects.filter(school=self.school, sha256=digest)
            .exclude(image=None, document=None)
            .select_related("image", "document")
            .first()
        )
        if same is not None:
            ImportedFile.objects.create(
                school=self.school,
                key=key,
                old_url=url[:2000],
                sha256=digest,
                image=same.image,
                document=same.document,
            )
            self.stored["reused"] += 1
            return same.image or same.document
        name = unicodedata.normalize("NFC", file_name(url))
        try:
            obj = (
                self._save_document(name, data)
                if is_document(url)
                else self._save_image(name, data)
            )
        except ValidationError as error:
            self.stored["refused"] += 1
            self.report(url, _refusal(error))
            ImportedFile.objects.create(
                school=self.school,
                key=key,
                old_url=url[:2000],
                sha256=digest,
                problem=_refusal(error)[:500],
            )
            return None
        ImportedFile.objects.create(
            school=self.school,
            key=key,
            old_url=url[:2000],
            sha256=digest,
            image=obj if not is_document(url) else None,
            document=obj if is_document(url) else None,
        )
        return obj

    def _save_image(self, name, data):
        cleaned = clean_image(SimpleUploadedFile(name, data))
        image = get_image_model()(
            title=name.rsplit(".", 1)[0][:255],
            file=cleaned,
            collection=self.collection,
            uploaded_by_user=self.user,
        )
        image._set_image_file_metadata()
        image.save()
        self.stored["images"] += 1
        return image

    def _save_document(self, name, data):
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        upload = check_document(SimpleUploadedFile(name, data, content_type))
        document = get_document_model()(
            title=name.rsplit(".", 1)[0][:255] if extension(name) else name,
            file=upload,
            collection=self.collection,
            uploaded_by_user=self.user,
        )
        document._set_document_file_metadata()
        document.save()
        self.stored["documents"] += 1
        return document
