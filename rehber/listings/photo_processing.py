"""Photos of listings: checked, turned upright, resized and re-encoded. Pure, no Django.

Re-encoding writes only pixels, so EXIF (camera, time, GPS position) and any
other metadata of the upload are gone. Only JPEG, PNG and WebP are accepted,
up to ``MAX_UPLOAD_BYTES`` and ``MAX_PIXELS`` (against decompression bombs).
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
#: Longest side of the stored photo, and of its thumbnail, in pixels.
PHOTO_SIZE = 1280
THUMBNAIL_SIZE = 240


class PhotoError(ValueError):
    """Why a file is not accepted: "too_big", "not_an_image", "wrong_type", "too_many_pixels"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ProcessedPhoto:
    photo: bytes  # JPEG
    thumbnail: bytes  # JPEG
    width: int
    height: int


def _jpeg(image: Image.Image, size: int, quality: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((size, size), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    copy.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def photo_process(data: bytes) -> ProcessedPhoto:
    """The upload as a metadata-free JPEG and thumbnail, or ``PhotoError``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoError("too_big")
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoError("wrong_type")
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoError("too_many_pixels")
            probe.verify()
        image = Image.open(BytesIO(data))
        image.load()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise PhotoError("not_an_image") from None
    image = ImageOps.exif_transpose(image)  # upright, as the camera meant
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image = image.convert("RGB")
    photo = _jpeg(image, PHOTO_SIZE, 80)
    with Image.open(BytesIO(photo)) as stored:
        width, height = stored.size
    return ProcessedPhoto(
        photo=photo, thumbnail=_jpeg(image, THUMBNAIL_SIZE, 65), width=width, height=height
    )
