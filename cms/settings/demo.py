"""`make demo`: the development settings with DEBUG off, so the demo shows the project's
own Vietnamese 404 and 500 pages as production does, and media still served by Django
(only here: production serves media from its own storage, and keeps DEMO_SERVE_MEDIA off)."""

from .dev import *  # noqa: F403

DEBUG = False
DEMO_SERVE_MEDIA = True
