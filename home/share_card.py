"""The picture shown when a link to a page without any image is shared (Zalo, Facebook):
a card with the school's name, drawn with DejaVu Sans Bold (home/fonts/, Bitstream Vera
licence + public domain; Pillow's default font has no Vietnamese letters)."""

import io
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path(__file__).with_name("fonts") / "DejaVuSans-Bold.ttf"
SIZE = (1200, 630)
BACKGROUND = (11, 83, 148)
FOREGROUND = (255, 255, 255)


def render_card(name, subtitle=""):
    """JPEG bytes of a 1200×630 card with `name` (wrapped) and `subtitle`."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.truetype(str(FONT), 72)
    small_font = ImageFont.truetype(str(FONT), 36)
    lines = textwrap.wrap(name, width=26)[:4] or [""]
    line_height = 92
    top = (SIZE[1] - line_height * len(lines) - (60 if subtitle else 0)) // 2
    for number, line in enumerate(lines):
        draw.text((80, top + number * line_height), line, font=title_font, fill=FOREGROUND)
    if subtitle:
        y = top + len(lines) * line_height + 20
        draw.text((80, y), subtitle[:60], font=small_font, fill=(220, 230, 245))
    draw.rectangle((0, SIZE[1] - 24, SIZE[0], SIZE[1]), fill=(245, 183, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
