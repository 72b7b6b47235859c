"""QR images of invitation URLs: PNG and SVG, version at most 5 so phones read them fast."""

from __future__ import annotations

import functools
import io

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

#: A version-5 QR (37x37 modules) still decodes printed at 2.5 cm; larger ones may not.
MAX_QR_VERSION = 5


#: The white margin (quiet zone) around a QR, in modules; scanners need 4.
QR_BORDER = 4


def _qr(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QR_BORDER)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_version(url: str) -> int:
    """The QR version (size) the URL needs at error correction M."""
    return _qr(url).version


@functools.lru_cache(maxsize=2048)
def qr_matrix(url: str) -> tuple[bytes, ...]:
    """The QR modules of the URL, quiet zone included (1 = dark), one bytes object per row.

    Cached: choosing the best mask pattern is most of the cost of a QR, and the same
    invitation is drawn again and again (cards for everyone, then per region, the page, e-mail).
    """
    return tuple(bytes(row) for row in _qr(url).get_matrix())


def qr_png(url: str, *, scale: int = 12) -> bytes:
    """The QR as a black-on-white PNG, `scale` pixels per module."""
    matrix = qr_matrix(url)
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (size, size), pixels)
    image = image.resize((size * scale, size * scale), Image.Resampling.NEAREST).convert("1")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def qr_svg(url: str) -> str:
    """The QR as a small SVG: a white square and one black path, crisp at any size."""
    matrix = qr_matrix(url)
    size = len(matrix)
    runs = []
    for y, x, length in dark_runs(matrix):
        runs.append(f"M{x} {y}h{length}v1h-{length}z")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'width="{size * 8}" height="{size * 8}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>\n'
    )


def dark_runs(matrix: tuple[bytes, ...]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs
