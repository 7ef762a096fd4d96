"""Signal receivers of the home app."""

from django.dispatch import receiver

from wagtail.signals import page_published

from .publishing import privacy_findings


@receiver(page_published)
def remember_confirmed_personal_data(sender, instance, revision=None, **kwargs):
    """A page goes live only without findings or with someone's confirmation, so findings
    in what was just published mean it was confirmed (home/wagtail_hooks.py)."""
    if not hasattr(instance, "has_confirmed_personal_data"):
        return
    flagged = bool(privacy_findings(instance, revision=revision))
    if flagged != instance.has_confirmed_personal_data:
        type(instance).objects.filter(pk=instance.pk).update(has_confirmed_personal_data=flagged)
        instance.has_confirmed_personal_data = flagged
