"""Test photos: a real face from a package (scikit-image ships astronaut.png in its wheel;
read from the package, nothing downloaded) and pictures made here without faces."""

import functools
import importlib.resources
import io

from PIL import Image, ImageDraw, ImageFilter

# Where the detector finds the astronaut's face in the 512×512 picture (x, y, w, h).
ASTRONAUT_FACE = (177, 66, 95, 95)


@functools.cache
def astronaut():
    path = importlib.resources.files("skimage") / "data" / "astronaut.png"
    with path.open("rb") as handle:
        picture = Image.open(handle)
        picture.load()
    return picture.convert("RGB")


def jpeg(picture, quality=90):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def face_photo(size=(1024, 768)):
    """A class photo: the astronaut's portrait pasted three times on a blurred background."""
    width, height = size
    background = Image.linear_gradient("L").resize(size).convert("RGB")
    background = background.filter(ImageFilter.GaussianBlur(8))
    portrait = astronaut().crop((120, 20, 340, 300))
    for index, left in enumerate((40, 380, 720)):
        background.paste(portrait, (left, 120 + 60 * index))
    return background


def no_face_pictures():
    """Pictures a school page carries that have no face: a plain colour, a sky-like
    gradient, a document-like page of lines, a poster of shapes and a grid of noise."""
    plain = Image.new("RGB", (800, 600), (30, 120, 200))
    sky = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")
    page = Image.new("RGB", (900, 1200), "white")
    draw = ImageDraw.Draw(page)
    for y in range(80, 1150, 28):
        draw.line((80, y, 820, y), fill=(40, 40, 40), width=2)
    poster = Image.new("RGB", (1000, 700), (250, 240, 200))
    draw = ImageDraw.Draw(poster)
    for i in range(12):
        draw.ellipse((60 + 70 * i, 100, 120 + 70 * i, 160), fill=(200, 30, 30))
        draw.rectangle((60 + 70 * i, 300, 110 + 70 * i, 420), fill=(20, 90, 20))
    noise = Image.effect_noise((640, 480), 60).convert("RGB")
    return {"plain": plain, "sky": sky, "page": page, "poster": poster, "noise": noise}
