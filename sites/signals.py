"""Keep derived data (School.base_url) in step with the Site it was made from."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Site

from .models import School


@receiver(post_save, sender=Site)
def refresh_school_base_url(sender, instance, **kwargs):
    School.objects.filter(site=instance).exclude(base_url=instance.root_url).update(
        base_url=instance.root_url
    )
