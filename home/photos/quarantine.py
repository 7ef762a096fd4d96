"""Originals out of public reach: the private quarantine storage (STORAGES["quarantine"]:
a directory outside MEDIA_ROOT, or the private bucket under "cach-ly/"), and removing an
image's public files (the original and every rendition) at once."""

import datetime
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from wagtail.models import Collection

from sites.models import School

from .models import QuarantinedFile


def quarantine_storage():
    return storages["quarantine"]


def school_of_image(image):
    """The school whose collection (or a collection below it) holds the image."""
    path = Collection.objects.filter(pk=image.collection_id).values_list("path", flat=True).first()
    if not path:
        return None
    prefixes = [path[:end] for end in range(Collection.steplen, len(path) + 1, Collection.steplen)]
    return School.objects.filter(collection__path__in=prefixes).first()


def keep_original(image, reason, user=None, note="", request=None):
    """Copy the image's current file into the quarantine; returns the QuarantinedFile."""
    with image.open_file() as handle:
        data = handle.read()
    base = os.path.basename(image.file.name)
    name = quarantine_storage().save(f"{reason}/{image.pk}-{base}", ContentFile(data))
    return QuarantinedFile.objects.create(
        school=school_of_image(image),
        image_id=image.pk,
        name=name,
        reason=reason,
        note=note,
        request=request,
        created_by=user,
        erase_after=timezone.now() + datetime.timedelta(days=settings.PHOTO_QUARANTINE_DAYS),
    )


def public_files(image):
    """[(storage name, URL)] of the image's original and of every rendition."""
    files = []
    for field_file in [image.file] + [r.file for r in image.renditions.all()]:
        if not field_file.name:
            continue
        try:
            url = field_file.url
        except Exception:
            url = ""
        files.append((field_file.name, url))
    return files


def delete_public_files(image, files):
    """Delete the files now (Wagtail would do it after commit, through a task): a rendition
    URL stops answering at once, on every app server and straight from the bucket."""
    storage = image.file.storage
    for name, _url in files:
        storage.delete(name)


def erase_expired(now=None):
    """Erase originals kept longer than PHOTO_QUARANTINE_DAYS; returns how many."""
    now = now or timezone.now()
    storage = quarantine_storage()
    erased = 0
    for item in QuarantinedFile.objects.filter(erase_after__lt=now):
        storage.delete(item.name)
        item.delete()
        erased += 1
    return erased
