"""Faces in uploaded photos, found offline.

The detector is OpenCV's frontal-face Haar cascade, shipped inside the
`opencv-python-headless` wheel (`cv2.data.haarcascades`): no model is downloaded, nothing
leaves the machine. It runs on a grey copy at most DETECT_SIDE pixels on the long side,
in a background task queued when a photo is stored (home/photos/tasks.py), so an upload
never waits for it: a 20-photo "Thêm nhiều ảnh" costs what it cost before (figures:
`python -m bench.faces`). It finds frontal faces from ~60 px in a 2560 px photo;
profiles and tiny faces in a crowd are missed, which is why the editor's declaration, not
the detector, decides (a photo with no face found can still be declared), and why every
check before approval or publication scans a photo whose scan has not run yet.
"""

import functools
import io
import logging

from django.utils import timezone

from wagtail.images import get_image_model

from PIL import Image, ImageOps

from .models import FaceScan

logger = logging.getLogger(__name__)

DETECT_SIDE = 1024
CASCADE_FILE = "haarcascade_frontalface_default.xml"
# Scale step 1.1 finds the faces a step of 1.2 misses; 6 neighbours (OpenCV's default is
# 3) keeps bark, gravel and crowds of leaves from passing as faces (bench/faces.py).
MIN_NEIGHBOURS = 6
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


def faces_in_data(data):
    """Faces in a stored photo's bytes, in the photo's pixels. A JPEG is decoded at a
    reduced scale (bounded time and memory): the detector works at DETECT_SIDE anyway."""
    picture = Image.open(io.BytesIO(data))
    width = picture.width
    if picture.format == "JPEG":
        picture.draft("RGB", (DETECT_SIDE, DETECT_SIDE))
    picture.load()
    ratio = width / picture.width if picture.width else 1.0
    return [[round(v * ratio) for v in box] for box in detect_faces(picture)]


def faces_in_file(image):
    """Faces in the image's stored file, in the file's pixels."""
    with image.open_file() as handle:
        return faces_in_data(handle.read())


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


def is_current(record, image):
    return record is not None and not (image.file_hash and record.file_hash != image.file_hash)


def scans_for(images, compute_missing=True):
    """{image id: FaceScan} for `images` (one query). An image not scanned yet (its scan
    task still queued, or stored before this feature) or whose file changed since is
    scanned now, unless `compute_missing` is False (screens that only show: it is left
    out, and shown as being checked)."""
    stored = {scan.image_id: scan for scan in FaceScan.objects.filter(image__in=images)}
    for image in images:
        record = stored.get(image.pk)
        if not is_current(record, image):
            if not compute_missing:
                stored.pop(image.pk, None)
                continue
            try:
                stored[image.pk] = scan(image)
            except OSError:  # the file is missing from storage: nothing to show anyway
                stored.pop(image.pk, None)
    return stored


def scan_if_needed(image_id):
    """The background task's work: scan the image's current file unless already done."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return None
    record = FaceScan.objects.filter(image=image).first()
    if is_current(record, image):
        return record.face_count
    try:
        return scan(image).face_count
    except Exception:  # a missing or broken file: the check scans again when needed
        logger.exception("Không tìm được khuôn mặt trong ảnh %s", image_id)
        return None
