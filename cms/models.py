from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """When each periodic job was last enqueued by `manage.py run_timers` (cms/ops/periodic.py):
    the timer may fire late, twice or on two servers, the job is still enqueued once."""

    name = models.CharField(_("công việc"), max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(_("lần xếp hàng gần nhất"), null=True)

    class Meta:
        verbose_name = _("công việc định kỳ")
        verbose_name_plural = _("công việc định kỳ")

    def __str__(self):
        return self.name


# The import of a school's old website keeps its models in its own package.
from .old_site.models import (  # noqa: E402, F401
    CrawlUrl,
    ImportedFile,
    ImportedItem,
    ImportEvent,
    OldAddress,
    OldCategoryRule,
    OldSiteImport,
)
