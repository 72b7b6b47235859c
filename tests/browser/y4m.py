"""Fake-camera videos for Chromium (--use-file-for-fake-video-capture): QR codes as Y4M.

Y4M (YUV4MPEG2) is a header line and raw frames; Chromium plays it as the camera, in a loop,
at the header's frame rate. We write 4:2:0 frames whose chroma is neutral grey, so the
picture is just the luma plane: black QR modules on white.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PIL import Image

WIDTH = 480
HEIGHT = 360
FPS = 4


@dataclass(frozen=True)
class Shot:
    """Hold a QR of `text` (or a blank white frame when None) for `seconds`."""

    text: str | None
    seconds: float


def qr_frame(text: str | None, width: int = WIDTH, height: int = HEIGHT) -> Image.Image:
    """A white grey-scale frame with the QR of text centred (blank when text is None)."""
    frame = Image.new("L", (width, height), 255)
    if text is None:
        return frame
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    qr.add_data(text)
    image = qr.make_image(fill_color="black", back_color="white").convert("L")
    side = (min(width, height) * 85 // 100) // image.width * image.width
    image = image.resize((side, side), Image.NEAREST)
    frame.paste(image, ((width - side) // 2, (height - side) // 2))
    return frame


def write_y4m(path: Path, shots: Iterable[Shot], *, fps: int = FPS) -> Path:
    """Write the shots as a 4:2:0 Y4M video; returns the path."""
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for shot in shots:
            frame = b"FRAME\n" + qr_frame(shot.text).tobytes() + chroma + chroma
            for _ in range(max(1, round(shot.seconds * fps))):
                out.write(frame)
    return path
