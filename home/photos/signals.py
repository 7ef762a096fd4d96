"""Signal receivers of the photos app."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.images import get_image_model

from .models import FaceScan
from .tasks import scan_faces


@receiver(post_save, sender=get_image_model())
def queue_face_scan(sender, instance, raw=False, **kwargs):
    """A new photo, or a new file for one: find its faces in the background (the worker),
    once the upload is committed. A title edit queues nothing."""
    if raw or not instance.file:
        return
    if FaceScan.objects.filter(image=instance, file_hash=instance.file_hash or "").exists():
        return
    image_id = instance.pk
    transaction.on_commit(lambda: scan_faces.enqueue(image_id))
