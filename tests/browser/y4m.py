"""Fake-camera videos for Chromium (--use-file-for-fake-video-capture): QR codes as Y4M.

Y4M (YUV4MPEG2) is a header line and raw frames; Chromium plays it as the camera, in a loop,
at the header's frame rate. We write 4:2:0 frames whose chroma is neutral grey, so the
picture is just the luma plane: black QR modules on white.

A realism level spoils the picture the way a phone held at a door does: the code smaller,
turned and seen at a slant, out of focus, in dim uneven light, with sensor noise that is new
in every frame and a hand that shakes. With `marks=True` a strip along the top edge tells
which shot a frame belongs to (`read_mark` in bench/bench_camera.py's page script), so a
benchmark can tell when each code came into view.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PIL import Image, ImageChops, ImageFilter

WIDTH = 480
HEIGHT = 360
FPS = 4

#: The shot marker: MARK_BITS blocks across the top edge, MARK_HEIGHT pixels tall, black
#: for a 1 bit; the number is 1 for the video's first code, 2 for the next..., 0 when blank.
MARK_BITS = 10
MARK_HEIGHT = 8


@dataclass(frozen=True)
class Shot:
    """Hold a QR of `text` (or a blank white frame when None) for `seconds`."""

    text: str | None
    seconds: float


@dataclass(frozen=True)
class Realism:
    """How the camera spoils the picture of a code."""

    #: The code's side (quiet zone included) as a fraction of the frame's height.
    side: float
    #: Degrees the code is turned in the picture.
    turn: float = 0.0
    #: The phone held at an angle: the code's far edge is this fraction shorter.
    slant: float = 0.0
    #: Gaussian blur radius in pixels (focus, a little motion).
    blur: float = 0.0
    #: Standard deviation of the sensor noise in grey levels, drawn anew for every frame.
    noise: float = 0.0
    #: The darkest and the lightest grey in the picture (dim light, low contrast).
    black: int = 0
    white: int = 255
    #: Uneven light: grey levels lost from one side of the frame to the other.
    shade: int = 0
    #: Pixels the code may move between two frames (a hand).
    shake: int = 0


REALISM = {
    "none": Realism(side=0.85),
    "mild": Realism(side=0.7, turn=8, slant=0.06, blur=0.8, noise=6, black=30, white=225, shade=20),
    "strong": Realism(
        side=0.55, turn=21, slant=0.15, blur=1.2, noise=12, black=55, white=200, shade=45, shake=3
    ),
}


def qr_image(text: str) -> Image.Image:
    """The QR of text, one pixel per module, with its 4-module quiet zone."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    qr.add_data(text)
    return qr.make_image(fill_color="black", back_color="white").convert("L")


def qr_frame(text: str | None, width: int = WIDTH, height: int = HEIGHT) -> Image.Image:
    """A white grey-scale frame with the QR of text centred (blank when text is None)."""
    frame = Image.new("L", (width, height), 255)
    if text is None:
        return frame
    image = qr_image(text)
    side = (min(width, height) * 85 // 100) // image.width * image.width
    image = image.resize((side, side), Image.NEAREST)
    frame.paste(image, ((width - side) // 2, (height - side) // 2))
    return frame


def _solve(rows: list[list[float]]) -> list[float]:
    """Gaussian elimination with partial pivoting on an augmented n x (n+1) matrix."""
    n = len(rows)
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def _perspective(to: list[tuple[float, float]], source: list[tuple[float, float]]) -> list[float]:
    """PIL's PERSPECTIVE coefficients mapping each output corner in `to` to its `source`."""
    rows = []
    for (x, y), (u, v) in zip(to, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y, v])
    return _solve(rows)


def _corners(realism: Realism, side: float, centre: tuple[float, float]):
    """Where the code's corners land: slanted (top edge shorter), then turned."""
    half = side / 2
    top = half * (1 - realism.slant)
    square = [(-top, -half), (top, -half), (half, half), (-half, half)]
    angle = math.radians(realism.turn)
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = centre
    return [(cx + x * cos - y * sin, cy + x * sin + y * cos) for x, y in square]


class Camera:
    """Renders the frames of one video at one realism level."""

    def __init__(self, realism: Realism, width: int, height: int, seed: int = 12) -> None:
        self.realism = realism
        self.size = (width, height)
        self.random = random.Random(seed)
        self.shade = None
        if realism.shade:
            ramp = Image.linear_gradient("L").rotate(90).resize(self.size)
            self.shade = ramp.point(lambda p: p * realism.shade // 255)

    def frames(self, text: str | None, count: int) -> Iterable[Image.Image]:
        """`count` frames of the code (the noise and the shake differ in each)."""
        realism = self.realism
        if text is None or realism == REALISM["none"]:
            frame = self._light(qr_frame(text, *self.size))
            for _ in range(count):
                yield self._noisy(frame)
            return
        code = qr_image(text)
        side = round(min(self.size) * realism.side)
        big = code.resize((side, side), Image.NEAREST)
        corners = [(0, 0), (side, 0), (side, side), (0, side)]
        for _ in range(count):
            dx, dy = (self.random.randint(-realism.shake, realism.shake) for _ in "xy")
            centre = (self.size[0] / 2 + dx, self.size[1] / 2 + dy)
            to = _corners(realism, side, centre)
            frame = big.transform(
                self.size,
                Image.PERSPECTIVE,
                _perspective(to, corners),
                resample=Image.BILINEAR,
                fillcolor=255,
            )
            if realism.blur:
                frame = frame.filter(ImageFilter.GaussianBlur(realism.blur))
            yield self._noisy(self._light(frame))

    def _light(self, frame: Image.Image) -> Image.Image:
        low, high = self.realism.black, self.realism.white
        if (low, high) != (0, 255):
            frame = frame.point(lambda p: low + p * (high - low) // 255)
        if self.shade is not None:
            frame = ImageChops.subtract(frame, self.shade)
        return frame

    def _noisy(self, frame: Image.Image) -> Image.Image:
        if not self.realism.noise:
            return frame
        noise = Image.effect_noise(self.size, self.realism.noise)
        return ImageChops.add(frame, noise, offset=-128)


def mark(frame: Image.Image, number: int) -> Image.Image:
    """Write `number` into the marker strip along the frame's top edge."""
    block = frame.width // MARK_BITS
    marked = frame.copy()
    for bit in range(MARK_BITS):
        grey = 0 if number >> bit & 1 else 255
        marked.paste(grey, (bit * block, 0, (bit + 1) * block, MARK_HEIGHT))
    return marked


def write_y4m(
    path: Path,
    shots: Iterable[Shot],
    *,
    fps: int = FPS,
    realism: str = "none",
    marks: bool = False,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Path:
    """Write the shots as a 4:2:0 Y4M video; returns the path.

    With marks, the frames of the n-th shot showing a code carry n in the marker strip,
    those of a blank shot 0.
    """
    camera = Camera(REALISM[realism], width, height)
    chroma = bytes([128]) * ((width // 2) * (height // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        number = 0
        for shot in shots:
            number += shot.text is not None
            count = max(1, round(shot.seconds * fps))
            for frame in camera.frames(shot.text, count):
                if marks:
                    frame = mark(frame, number if shot.text is not None else 0)
                out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)
    return path
