"""Documents served through the app from any storage with the same headers.

Wagtail streams a document itself (`WAGTAILDOCS_SERVE_METHOD = "serve_view"`), but
builds the headers differently for local files (sendfile: `inline; filename="…"`,
`Last-Modified`) and for object storage (`inline` without a name, no date). Browsers
then save a PDF from S3 under the URL's name. This wrapper gives the object-storage
response the local one's headers (and drops the literal `Content-Encoding: None` that
Wagtail's local branch writes), so moving media to S3 changes nothing visitors see.
Wagtail's view (and every `before_serve_document` hook) still decides who may fetch.
"""

from urllib.parse import quote

from django.http import FileResponse
from django.utils.http import http_date

from wagtail.coreutils import string_to_ascii
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve


def content_disposition(document):
    """Exactly what wagtail.utils.sendfile writes for a local file."""
    parts = ["inline" if document.content_disposition == "inline" else "attachment"]
    ascii_name = string_to_ascii(document.filename)
    parts.append(f'filename="{ascii_name}"')
    if ascii_name != document.filename:
        parts.append(f"filename*=UTF-8''{quote(document.filename)}")
    return "; ".join(parts)


def serve(request, document_id, document_filename):
    response = wagtail_serve(request, document_id, document_filename)
    if response.get("Content-Encoding") == "None":
        # wagtail.utils.sendfile writes the Python None for files without an encoding.
        del response["Content-Encoding"]
    if isinstance(response, FileResponse) and "Last-Modified" not in response:
        # Wagtail's non-local branch: the file came from object storage.
        document = get_document_model().objects.get(pk=document_id)
        response["Content-Disposition"] = content_disposition(document)
        try:
            modified = document.file.storage.get_modified_time(document.file.name)
        except (NotImplementedError, OSError):
            modified = None
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
    return response
