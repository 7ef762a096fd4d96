"""Model-signal receivers connected to the models they are about, in AppConfig.ready()
(every model is loaded then). A receiver connected without a sender runs on every save
and delete of every model — users, sessions, task results, log entries — so none is."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page

SAVED_OR_DELETED = (post_save, post_delete)


def page_models():
    """Page and every page type: Django sends a save's signals with the concrete class
    only (a NewsPage save never reaches a receiver connected to Page)."""
    return [model for model in apps.get_models() if issubclass(model, Page)]


def connect(receiver, models, signals=SAVED_OR_DELETED, uid=None):
    uid = uid or f"{receiver.__module__}.{receiver.__qualname__}"
    for signal in signals:
        for model in models:
            signal.connect(receiver, sender=model, dispatch_uid=uid)
