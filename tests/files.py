"""Small files built byte by byte for upload and privacy-guard tests."""

from cms.old_site.sample import pdf_from_objects, text_pdf  # noqa: F401 (used by tests)
