"""The import as background work (backend `project`: immediate in dev and tests, the
database worker in production), so a whole office's schools can be queued at once and
the screen follows their progress from the database."""

from django_tasks import task

from cms.ops.mail import PROJECT_TASKS

from .models import OldSiteImport
from .runner import Importer

RUNNABLE = (OldSiteImport.Status.QUEUED, OldSiteImport.Status.INTERRUPTED)


@task(backend=PROJECT_TASKS, queue_name="default")
def import_old_site(run_id):
    """Run (or resume) one school's import; a finished or missing run is left alone."""
    run = OldSiteImport.objects.select_related("school").filter(pk=run_id).first()
    if run is None or run.status not in RUNNABLE:
        return None
    Importer(run).start()
    return run.counts
