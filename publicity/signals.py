"""What invalidates the stored per-school figures (publicity.summaries)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from sites.models import School

from .models import (
    DisclosureCatalogue,
    DisclosureChange,
    DisclosureDeferral,
    DisclosurePage,
    DisclosureRequirement,
    SchoolBreak,
    SchoolYearCalendar,
)
from .summaries import invalidate


def _schools_under(path):
    """Schools whose disclosures may sit at or under `path`: one school, or all of them
    for the portal and the root."""
    school = School.objects.owning(path)
    return [school.pk] if school else None


@receiver(page_published, dispatch_uid="publicity_summary_published")
@receiver(page_unpublished, dispatch_uid="publicity_summary_unpublished")
def _page_state_changed(sender, instance, **kwargs):
    if isinstance(instance, DisclosurePage) or issubclass(sender, DisclosurePage):
        invalidate(_schools_under(instance.path))


@receiver(post_save, sender=DisclosurePage, dispatch_uid="publicity_summary_saved")
@receiver(post_delete, sender=DisclosurePage, dispatch_uid="publicity_summary_deleted")
def _disclosure_saved(sender, instance, **kwargs):
    if instance.disclosing_school_id:
        invalidate([instance.disclosing_school_id])


@receiver(post_page_move, dispatch_uid="publicity_summary_moved")
def _page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if DisclosurePage.objects.filter(path__startswith=instance.path).exists():
        invalidate(None)  # rare: may cross schools


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="publicity_summary_restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="publicity_summary_unrestricted")
def _restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    invalidate(_schools_under(page.path) if page else None)


@receiver(post_save, sender=DisclosureChange, dispatch_uid="publicity_summary_change")
@receiver(post_delete, sender=DisclosureChange, dispatch_uid="publicity_summary_change_del")
@receiver(post_save, sender=DisclosureDeferral, dispatch_uid="publicity_summary_deferral")
@receiver(post_delete, sender=DisclosureDeferral, dispatch_uid="publicity_summary_deferral_del")
def _event_recorded(sender, instance, **kwargs):
    invalidate([instance.school_id])


@receiver(post_save, sender=DisclosureRequirement, dispatch_uid="publicity_summary_req")
@receiver(post_delete, sender=DisclosureRequirement, dispatch_uid="publicity_summary_req_del")
@receiver(post_save, sender=DisclosureCatalogue, dispatch_uid="publicity_summary_cat")
@receiver(post_save, sender=SchoolYearCalendar, dispatch_uid="publicity_summary_cal")
@receiver(post_delete, sender=SchoolYearCalendar, dispatch_uid="publicity_summary_cal_del")
@receiver(post_save, sender=SchoolBreak, dispatch_uid="publicity_summary_break")
@receiver(post_delete, sender=SchoolBreak, dispatch_uid="publicity_summary_break_del")
def _rules_changed(sender, **kwargs):
    invalidate(None)
