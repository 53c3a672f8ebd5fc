"""Draws the application icon (installers/windows/doorlopende-lijn.ico, committed): one unbroken line
through three points on a blue tile, "doorlopende lijn". The repository had no icon of its own.
The same file is written to resources/icons/, where the running program reads its window icon
(app/ui/icon.py; resources/ is what the bundle ships).

Run: .venv/bin/python installers/windows/make_icon.py  (Pillow, from the project's environment)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
RESOURCE_ICON = HERE.parent.parent / "resources" / "icons" / "doorlopende-lijn.ico"
BLUE = (21, 77, 140, 255)
WHITE = (255, 255, 255, 255)
ORANGE = (242, 153, 40, 255)


def draw(size: int = 1024) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=BLUE)
    points = [(0.16, 0.70), (0.40, 0.40), (0.62, 0.60), (0.86, 0.28)]
    xy = [(x * size, y * size) for x, y in points]
    d.line(xy, fill=WHITE, width=size // 11, joint="curve")
    r = size // 11
    for x, y in xy[1:3]:
        d.ellipse((x - r, y - r, x + r, y + r), fill=ORANGE, outline=WHITE, width=size // 40)
    return img


def main() -> None:
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(
        HERE / "doorlopende-lijn.ico", sizes=[(n, n) for n in (16, 24, 32, 48, 64, 128, 256)]
    )
    RESOURCE_ICON.parent.mkdir(exist_ok=True)
    shutil.copyfile(HERE / "doorlopende-lijn.ico", RESOURCE_ICON)


if __name__ == "__main__":
    main()
