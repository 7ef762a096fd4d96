"""Signal receivers of the photos app."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.images import get_image_model

from .faces import scan


@receiver(post_save, sender=get_image_model())
def store_faces_found_at_upload(sender, instance, raw=False, **kwargs):
    """The upload form detected faces on the photo it had just decoded
    (home/uploads.py); keep them with the image, no second decode."""
    faces = instance.__dict__.pop("_detected_faces", None)
    if faces is not None and not raw:
        scan(instance, faces)
