"""What makes an uploaded document hostile, by content (never by name).

Used by the upload forms (home/uploads.py) before anything is stored, and by the privacy
guard (home/privacy.py) before it reads a stored file, so no reader ever expands a zip
bomb or runs into active content:

- markup a browser would render: HTML or SVG in the file's first MiB, under any name (a
  "PDF" whose bytes also make an HTML page, served from the school's host, is a phishing
  page there);
- a PDF with JavaScript, launch or other actions that run on opening, embedded files,
  rich media or XFA forms (checked on pypdf's parsed objects, so compressed object
  streams cannot hide them; a raw-byte scan catches what a broken file hides from pypdf);
  an encrypted PDF is opened with the empty password (what a viewer does silently) and
  inspected the same way; one that needs a real password cannot be inspected and is refused;
- an office file (DOCX/XLSX/PPTX/ODF are zips) whose parts expand past a sane size, too
  many parts, or an absurd compression ratio, judged from the zip directory alone.
"""

import re
import zipfile

# Documents of a school: a 30 MB upload limit, and real office files expand ~2-10x.
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_COMPRESSION_RATIO = 200
MAX_PDF_OBJECTS = 200_000

_CHUNK = 1024 * 1024
# Where markup is looked for: browsers sniff the first 1,445 bytes, and a polyglot puts
# its page early. Further in, compressed streams are random bytes, and a short tag
# would match one in a few hundred large files by chance.
MARKUP_WINDOW = 1024 * 1024
# Tags that make a browser render markup or run script, followed by a delimiter.
MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|svg|iframe|frameset|object|embed|"
    rb"meta\s+http-equiv|img\s[^>]*onerror)[\s>/]",
    re.IGNORECASE,
)
# PDF names that mean "runs something" or "carries something". In raw bytes names may be
# written with #xx escapes; pypdf's parse below decodes them.
PDF_ACTIVE_NAMES = {
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/Launch": "launch",
    "/EmbeddedFile": "embedded",
    "/EmbeddedFiles": "embedded",
    "/RichMedia": "embedded",
    "/XFA": "JavaScript",
    "/SubmitForm": "launch",
    "/ImportData": "launch",
    "/GoToE": "embedded",
}
# Raw bytes: long names only (short ones such as /JS occur by chance in compressed data).
PDF_RAW = re.compile(rb"/(JavaScript|Launch|EmbeddedFiles?|RichMedia)(?![A-Za-z])")


class Hostile(Exception):
    """`reason` is a key of home.uploads.HOSTILE_ERRORS."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _chunks(fileobj):
    fileobj.seek(0)
    tail = b""
    while True:
        chunk = fileobj.read(_CHUNK)
        if not chunk:
            break
        yield tail + chunk
        tail = chunk[-64:]  # a tag split across two chunks is still found
    fileobj.seek(0)


def contains_markup(fileobj):
    fileobj.seek(0)
    head = fileobj.read(MARKUP_WINDOW)
    fileobj.seek(0)
    return MARKUP.search(head) is not None


def zip_problem(fileobj):
    """None, or why this zip must not be opened by anything that expands it."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: the format check refuses it with its own message
    finally:
        fileobj.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        return "zip_bomb"
    expanded = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if expanded > MAX_EXPANDED_BYTES or expanded / packed > MAX_COMPRESSION_RATIO:
        return "zip_bomb"
    return None


def _walk_pdf(reader):
    """Yield every dictionary and name reachable from the trailer (each object once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen, stack, count = set(), [reader.trailer], 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            if count > MAX_PDF_OBJECTS:
                raise Hostile("pdf_unreadable")
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
            stack.extend(NameObject(k) for k in item)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            yield item


def pdf_problem(fileobj):
    """None, or the reason a PDF must be refused (active content, embedded files)."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError
    from pypdf.generic import DictionaryObject

    for chunk in _chunks(fileobj):
        match = PDF_RAW.search(chunk)
        if match:
            return _pdf_reason("/" + match.group(1).decode())
    fileobj.seek(0)
    try:
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            # Names and object streams of an encrypted file are hidden from the raw scan;
            # a viewer opens an empty-password file without asking, so must we.
            try:
                if not reader.decrypt(""):
                    return "pdf_encrypted"
            except (DependencyError, NotImplementedError, PyPdfError):
                return "pdf_encrypted"
        for item in _walk_pdf(reader):
            if isinstance(item, DictionaryObject):
                names = [item.get("/S"), item.get("/Type"), item.get("/Subtype")]
                for name in [*names, *item.keys()]:
                    if name in PDF_ACTIVE_NAMES:
                        return _pdf_reason(name)
                if "/AA" in item:  # additional actions: run on open, close, focus…
                    return "pdf_javascript"
            elif item in PDF_ACTIVE_NAMES:
                return _pdf_reason(item)
    except Hostile as hostile:
        return hostile.reason
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError, OSError):
        return None  # damage is for the format check; nothing active was found
    finally:
        fileobj.seek(0)
    return None


def _pdf_reason(name):
    return {"JavaScript": "pdf_javascript", "launch": "pdf_launch", "embedded": "pdf_embedded"}[
        PDF_ACTIVE_NAMES[name]
    ]


def document_problem(fileobj, extension):
    """None, or the reason (a HOSTILE_ERRORS key) this document must be refused."""
    if contains_markup(fileobj):
        return "markup"
    if extension == "pdf":
        return pdf_problem(fileobj)
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    if head == b"PK\x03\x04":
        return zip_problem(fileobj)
    return None
