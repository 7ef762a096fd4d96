"""Faces in uploaded photos, found offline.

The detector is OpenCV's frontal-face Haar cascade, shipped inside the
`opencv-python-headless` wheel (`cv2.data.haarcascades`): no model is downloaded, nothing
leaves the machine. It runs on a grey copy at most DETECT_SIDE pixels on the long side
(~0.1–0.2 s of one core for a phone photo; `python -m bench.faces`), so a 20-photo
upload stays interactive. It finds frontal faces from ~50 px in a 2560 px photo; profiles
and tiny faces in a crowd are missed, which is why the editor's declaration, not the
detector, decides (a photo with no face found can still be declared).
"""

import functools
import io
import logging

from django.utils import timezone

from PIL import Image, ImageOps

from .models import FaceScan

logger = logging.getLogger(__name__)

DETECT_SIDE = 1280
CASCADE_FILE = "haarcascade_frontalface_default.xml"
# minNeighbors 5 / scale step 1.1: OpenCV's usual balance; fewer false faces on walls,
# banners and tree bark than 3, at no cost on real faces (tests/photos/test_faces.py).
MIN_NEIGHBOURS = 5
SCALE_FACTOR = 1.1
MIN_FACE = 24  # pixels in the grey copy: the cascade's own window


@functools.cache
def _classifier():
    # OpenCV is heavy (~60 MB resident): loaded on the first photo, not at start-up.
    import cv2

    cv2.setNumThreads(1)  # one core per request; the other serves visitors
    classifier = cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE_FILE)
    if classifier.empty():
        raise RuntimeError(f"OpenCV's {CASCADE_FILE} is missing from the cv2 package")
    return classifier


def detector_name():
    import cv2

    return f"opencv-{cv2.__version__}:{CASCADE_FILE}"


def detect_faces(picture):
    """[[x, y, w, h], ...] of the faces in a PIL image, in its own pixels."""
    import cv2
    import numpy

    grey = ImageOps.exif_transpose(picture).convert("L")
    scale = min(1.0, DETECT_SIDE / max(grey.size))
    if scale < 1.0:
        grey = grey.resize(
            (max(1, round(grey.width * scale)), max(1, round(grey.height * scale))),
            Image.Resampling.BILINEAR,
            reducing_gap=2.0,
        )
    pixels = cv2.equalizeHist(numpy.asarray(grey, dtype=numpy.uint8))
    found = _classifier().detectMultiScale(
        pixels,
        scaleFactor=SCALE_FACTOR,
        minNeighbors=MIN_NEIGHBOURS,
        minSize=(MIN_FACE, MIN_FACE),
    )
    return [[round(int(v) / scale) for v in box] for box in found]


def open_image_file(image):
    """The stored file of a Wagtail image as a PIL image, decoded at a reduced scale where
    JPEG allows (bounded time and memory)."""
    with image.open_file() as handle:
        data = handle.read()
    picture = Image.open(io.BytesIO(data))
    if picture.format == "JPEG":
        picture.draft("RGB", (DETECT_SIDE, DETECT_SIDE))
    picture.load()
    return picture, data


def faces_in_file(image):
    """Faces in the image's stored file, in the file's pixels."""
    picture, _data = open_image_file(image)
    ratio = image.width / picture.width if picture.width else 1.0
    return [[round(v * ratio) for v in box] for box in detect_faces(picture)]


def scan(image, faces=None):
    """Store (and return) the FaceScan of the image's current file; `faces` when the
    caller already detected them on the decoded upload."""
    if faces is None:
        faces = faces_in_file(image)
    record, _created = FaceScan.objects.update_or_create(
        image=image,
        defaults={
            "faces": faces,
            "file_hash": image.file_hash or "",
            "detector": detector_name(),
            "scanned_at": timezone.now(),
        },
    )
    return record


def scans_for(images):
    """{image id: FaceScan} for `images` (one query); an image never scanned, or whose
    file changed since, is scanned now (images stored before this feature, imports)."""
    stored = {scan.image_id: scan for scan in FaceScan.objects.filter(image__in=images)}
    for image in images:
        record = stored.get(image.pk)
        if record is None or (image.file_hash and record.file_hash != image.file_hash):
            try:
                stored[image.pk] = scan(image)
            except OSError:  # the file is missing from storage: nothing to show anyway
                stored.pop(image.pk, None)
    return stored


def detect_faces_or_none(picture):
    """detect_faces(), or None when the detector fails: an upload never fails for it;
    the photo is scanned again when a page using it is checked."""
    try:
        return detect_faces(picture)
    except Exception:
        logger.exception("Không tìm được khuôn mặt trong ảnh")
        return None
