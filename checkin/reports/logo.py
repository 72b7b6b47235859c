"""The kop's logo: an uploaded PNG or JPEG, checked with Pillow and stored re-encoded.

The file's name and declared type are never looked at: Pillow reads the bytes, only PNG and
JPEG pass, the pixel count is checked from the header before anything is decoded (no
decompression bombs), and what is stored is a fresh PNG of at most LOGO_MAX_SIDE pixels a
side, without the upload's metadata.
"""

from __future__ import annotations

import io
import warnings

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from checkin.errors import InvalidInput

MAX_LOGO_BYTES = 1024 * 1024
#: Decoding more pixels than this is refused (a 4000 x 4000 scan is still fine).
MAX_LOGO_PIXELS = 16_000_000
#: The stored logo's longest side: sharp at 25 mm wide in print, small in the database.
LOGO_MAX_SIDE = 600
FORMATS = ("PNG", "JPEG")


def clean_logo(data: bytes) -> bytes:
    """The logo to store, as PNG; InvalidInput for anything but a sound PNG or JPEG."""
    if len(data) > MAX_LOGO_BYTES:
        raise InvalidInput(_("Logo paling besar %(mb)d MB.", mb=MAX_LOGO_BYTES // 2**20))
    not_an_image = InvalidInput(_("Logo harus gambar PNG atau JPEG."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                width, height = image.size
                if width * height > MAX_LOGO_PIXELS:
                    raise InvalidInput(
                        _("Logo terlalu besar (%(w)d x %(h)d piksel).", w=width, h=height)
                    )
                image.load()
                picture = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise not_an_image from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput(_("Logo terlalu besar.")) from exc
    picture.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
