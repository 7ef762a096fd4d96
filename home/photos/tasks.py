"""Periodic work of the photos app (enqueued daily by cms/periodic.py)."""

from django_tasks import task

from . import faces, quarantine, register, takedown


def erase_expired():
    """(pupils, originals, requests) erased: the consent register past
    CONSENT_REGISTER_RETENTION_DAYS, quarantined originals past PHOTO_QUARANTINE_DAYS, and
    takedown senders' contact details past TAKEDOWN_CONTACT_RETENTION_DAYS."""
    return (
        register.erase_expired(),
        quarantine.erase_expired(),
        takedown.erase_expired_contacts(),
    )


@task(backend="project")
def erase_expired_photo_data():
    return list(erase_expired())


@task(backend="project")
def scan_faces(image_id):
    """Find the faces of a stored photo (queued on upload; the face count, or None)."""
    return faces.scan_if_needed(image_id)
