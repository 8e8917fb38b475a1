"""Page images: a PDF page rendered by pdfium, or an image file's frames, as grayscale arrays at a
known resolution: a seal's red ink, a photo's shadow, a copier's grey paper and a scanner's
streaks taken out, deskewed; turned upright once their text is found
(parsers.backends.ocr.layout)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np

DPI = 150  # what PDF pages are rendered at; see README "OCR" for the measurements behind it
_MAX_SKEW = 15.0  # degrees either way that a page is straightened by: a crooked photo too
_SKEW_STEP = 0.1
_MAX_PIXELS = 40_000_000  # an image frame beyond this (a poster, a bomb) is not a page


@dataclass
class PageImage:
    gray: np.ndarray  # uint8, white paper
    dpi: float  # pixels per inch, to turn pixels into points
    skew: float = 0.0  # degrees the page was turned by to straighten it
    turned: int = 0  # degrees clockwise it was turned by to stand upright (0, 90, 180, 270)
    # where a streak ran (bool, as gray; None: nowhere): a digit it crossed is unsure
    struck: np.ndarray | None = None


def rotated(page: PageImage, quarters: int) -> PageImage:
    """The page turned ``quarters`` quarter turns counter-clockwise (np.rot90's k)."""
    gray = np.ascontiguousarray(np.rot90(page.gray, quarters))
    struck = None if page.struck is None else np.ascontiguousarray(np.rot90(page.struck, quarters))
    # Straightened again: a page lying sideways shows its skew poorly in its rows of ink.
    return deskewed(
        PageImage(gray, page.dpi, page.skew, (page.turned - 90 * quarters) % 360, struck)
    )


def render_pdf_page(doc, index: int, dpi: float = DPI) -> PageImage:
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB(A), not BGR
        pixels = bitmap.to_numpy()
    finally:
        page.close()
    return _cleaned(without_red(pixels), dpi)


def image_frames(data: bytes) -> list[PageImage]:
    """Every frame of an image file (a multi-page TIFF is a multi-page report), grayscale.
    Raises ValueError when the bytes are no image Pillow can decode."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data))
        frames = []
        for frame in ImageSequence.Iterator(img):
            dpi = _dpi(frame)
            rgb = frame.mode not in ("1", "L", "LA", "I", "I;16", "F")
            gray = without_red(np.asarray(frame.convert("RGB" if rgb else "L"), dtype=np.uint8))
            if frame.mode == "1":
                gray = _softened(gray, dpi)
            frames.append(_cleaned(gray, dpi))
    except UnidentifiedImageError:
        raise ValueError("no image Pillow can decode") from None
    except (OSError, SyntaxError, Image.DecompressionBombError, ValueError) as e:
        # (without object addresses: the same bytes must give the same message)
        raise ValueError(re.sub(r" at 0x[0-9a-f]+", "", str(e)) or type(e).__name__) from None
    return frames


_TINTED = (8, 32)  # how much redder than green and blue: from grey ink (0) to a seal's (1)
_SEAL_INK = 200  # a seal's red channel on white paper is about this: lifted to paper white
_SEAL_RED, _SEAL_LIGHT = 40, 150  # a light pixel this much redder than it is grey is paper


def without_red(pixels: np.ndarray) -> np.ndarray:
    """Grayscale of a page, red ink as paper: a seal stamped across a table or a signature (red,
    printed over black) hides digits and words from the reader if it is taken for ink. Red ink
    lets red light through where black does not, so a red pixel's grey is its red channel,
    scaled so that the seal's own ink is white: light for the seal and its pink edges, dark
    where black lies under it. Grey, black and blue ink keep their luminance; pixels between
    grey and red are blended."""
    if pixels.ndim == 2:
        return pixels.copy()
    rgb = pixels[:, :, :3].astype(np.float32)
    r = rgb[:, :, 0]
    luminance = rgb @ np.array([0.299, 0.587, 0.114], np.float32)
    redness = r - np.maximum(rgb[:, :, 1], rgb[:, :, 2])
    red = np.clip((redness - _TINTED[0]) / (_TINTED[1] - _TINTED[0]), 0, 1)
    lifted = np.maximum(luminance, np.minimum(255, r * 255 / _SEAL_INK))
    gray = luminance + (lifted - luminance) * red
    gray[(redness > _SEAL_RED) & (r > _SEAL_LIGHT)] = 255
    return (gray + 0.5).astype(np.uint8)


_PAPER_SPREAD = 24  # grey levels the paper may vary by over a page before it is evened out
_PAPER_WHITE = 215  # paper darker than this (a copy of a copy) is made white
_FADED_INK = 60  # ink lighter than this once the paper is white is darkened back to black


def evened(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page on white, even paper: a photo's shadow or a copier's grey paper would pass the
    global thresholds that tell ink from paper (rules, cells' ink) as ink, or faded ink as paper.
    The paper's grey at each place is the lightest within an eighth of an inch (wider than any
    stroke), smoothed; each pixel is divided by it, and faded ink stretched back to black. A page
    whose paper is white and even already is left as it is."""
    import cv2

    side = max(3, int(dpi / 8)) | 1
    paper = cv2.blur(cv2.dilate(gray, np.ones((side, side), np.uint8)), (side, side))
    low, high = np.percentile(paper, [2, 98])
    if high - low <= _PAPER_SPREAD and low >= _PAPER_WHITE:
        return gray
    flat = gray.astype(np.float32) * 255 / np.maximum(paper, 1).astype(np.float32)
    ink = float(np.percentile(flat, 0.5))
    if ink > _FADED_INK:
        flat = (flat - ink) * 255 / (255 - ink)
    return (np.clip(flat, 0, 255) + 0.5).astype(np.uint8)


_STREAK_INK = 200  # a streak can be as light as this
_STREAK_LENGTH = 0.97  # of the page's height (width): edge to edge, where rules keep margins
_STREAK_DRIFT = 9  # pixels a streak may wander across over its length (a crease, a turned page)
_FRAMED = 2  # lines edge to edge both down and across, each: a picture cropped at a table's frame


def without_streaks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Streaks as paper: dust on a sheet-fed scanner's glass draws a line down every page, a fold
    one across it. Crossing a table it is taken for a rule, cutting a cell in two, or read as a
    '1' beside a digit. A line that runs unbroken from edge to edge is no rule (a table stays
    inside the page's margins): its own ink is made paper, not where something crosses it (a
    table's rule, a character), which keeps its ink whole. Also where it ran (None: nowhere): a
    digit it crossed may have lost or gained a stroke. A picture cropped at a table's frame (a
    table pasted as a screenshot) has lines edge to edge both down and across: its rules."""
    import cv2

    dark = gray < _STREAK_INK
    out, struck = gray, None
    inks = (dark, dark.T)  # down the page, then across it
    found = []
    for ink in inks:
        near = cv2.dilate(ink.astype(np.uint8), np.ones((3, _STREAK_DRIFT), np.uint8))
        found.append(_long_runs(near, _STREAK_LENGTH * ink.shape[0]))
    if all(len(runs) >= _FRAMED for runs in found):
        return gray, None  # a table cropped at its frame: its rules run edge to edge, a lattice
    for axis, (ink, runs) in enumerate(zip(inks, found)):
        if not runs:
            continue
        if struck is None:
            out, struck = gray.copy(), np.zeros(gray.shape, bool)
        view, path = (out, struck) if axis == 0 else (out.T, struck.T)
        for c, (a, b) in runs.items():
            across = slice(max(0, c - _STREAK_DRIFT), c + _STREAK_DRIFT + 1)
            _erase_streak(view[a:b, across], ink[a:b, across], path[a:b, across])
    return out, struck


def _erase_streak(band: np.ndarray, ink: np.ndarray, path: np.ndarray) -> None:
    """Paints white, in place, the streak running down a band: the line through the middle of its
    ink where it runs alone, as wide as it is, on every row but those where ink lies either side
    of it (a rule or a stroke crossing it: there, it is theirs); marks its path."""
    alone = ~ink[:, 0] & ~ink[:, -1] & ink.any(axis=1)
    rows = np.flatnonzero(alone)
    if len(rows) < 2:
        return
    xs = np.arange(band.shape[1])
    middles = (ink[rows] * xs).sum(axis=1) / ink[rows].sum(axis=1)
    slope, at = np.polyfit(rows, middles, 1)
    half = np.median(ink[rows].sum(axis=1)) / 2 + 1
    every = np.arange(band.shape[0])
    line = slope * every + at
    left = np.clip(np.floor(line - half - 1).astype(int), 0, band.shape[1] - 1)
    right = np.clip(np.ceil(line + half + 1).astype(int), 0, band.shape[1] - 1)
    clear = ~(ink[every, left] & ink[every, right])
    on_line = np.abs(xs[None, :] - line[:, None]) <= half
    band[on_line & ink & clear[:, None]] = 255
    path |= on_line


def _long_runs(mask: np.ndarray, least: float) -> dict[int, tuple[int, int]]:
    """Runs of ones at least ``least`` long down a 0/1 mask, neighbouring columns' as one: the
    middle column → (start, end)."""
    padded = np.zeros((mask.shape[0] + 2, mask.shape[1]), np.int8)
    padded[1:-1] = mask
    edges = np.diff(padded, axis=0)
    starts_r, starts_c = np.nonzero(edges == 1)
    ends_r, ends_c = np.nonzero(edges == -1)
    # np.nonzero orders by row: sort both by column, then row, to pair each start with its end
    s = np.lexsort((starts_r, starts_c))
    e = np.lexsort((ends_r, ends_c))
    starts_r, starts_c, ends_r = starts_r[s], starts_c[s], ends_r[e]
    long = (ends_r - starts_r) >= least
    out: dict[int, tuple[int, int]] = {}
    group: list[tuple[int, int, int]] = []  # neighbouring columns: one streak, widened
    for c, a, b in [*zip(starts_c[long], starts_r[long], ends_r[long]), (mask.shape[1] + 2, 0, 0)]:
        if group and c > group[-1][0] + 1:
            out[int(group[len(group) // 2][0])] = (
                int(min(g[1] for g in group)),
                int(max(g[2] for g in group)),
            )
            group = []
        group.append((c, a, b))
    return out


# A black-and-white scan's edges are spread by this many pixels (2.25 at 300 dpi lost a cell),
# from this resolution up (at 150 dpi it helped one sample and hurt another: left as it is).
_SOFTENING = 1.5
_SOFT_FROM_DPI = 200


def _softened(gray: np.ndarray, dpi: float) -> np.ndarray:
    """A black-and-white (1-bit) scan as a grey one: the recogniser learned on grey glyphs with
    soft edges, and returned nothing for crisp lone zeros (15 of 000's and of h013's cells at
    fax resolution, 200 dpi). A Gaussian blur gives the edges their greys."""
    import cv2

    return gray if dpi < _SOFT_FROM_DPI else cv2.GaussianBlur(gray, (0, 0), _SOFTENING)


def _cleaned(gray: np.ndarray, dpi: float) -> PageImage:
    """A grey page as OCR reads it: on even white paper, without streaks, straightened, squared."""
    gray, struck = without_streaks(evened(gray, dpi))
    return squared(deskewed(PageImage(gray, dpi, struck=struck)))


_WIDEST_PAGE = 17.0  # inches: A3's shorter side is 11.7, its longer 16.5


def _dpi(frame) -> float:
    """The frame's resolution, unless it makes the picture wider (on its shorter side) than any
    page: Pillow reads a TIFF that states none as 1 dpi, and phones write 72 dpi beside
    thousands of pixels (a photo of an A4 page at 72 dpi would be 42 inches wide, and its text,
    read at that scale, came out as garbage). Such a resolution, or none, is guessed. (A long
    screenshot of a whole web page is tall, not wide: its resolution stands.)"""
    dpi = float(frame.info.get("dpi", (0, 0))[0] or 0)  # (a TIFF gives it as a fraction)
    return dpi if dpi and min(frame.size) / dpi <= _WIDEST_PAGE else _guess_dpi(frame.size)


def _guess_dpi(size: tuple[int, int]) -> float:
    """A file without a resolution: as if its longer side were an A4 page's (11.69 in)."""
    return max(size) / 11.69


def deskewed(page: PageImage) -> PageImage:
    """The page turned straight: the angle (within ±15°: a page hand-fed to a scanner, laid
    crooked on a flatbed, photographed by a phone held crooked) at which rows of ink line up
    best, i.e. the horizontal projection of the ink is sharpest. Measured on a small copy, every
    half degree, then every tenth around the best; applied once. Searched within ±5° only, a page
    8° off had been left 9.5–12.5° off, and read nothing. The wider search locks onto no other
    angle: every sample's pages (ruled, unruled, Chromium's prints) skewed within ±5° at 150–300
    dpi were given the same angle as before (1,070 pages and skews), and 953 of 963 skewed 6–15°
    the true one within 0.45° (the rest, a last page's four short lines, within 0.6°, as within
    ±5°). About 38 ms at 200 dpi (31 ms within ±5°)."""
    import cv2

    gray = page.gray
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    if ink.sum() < 100:
        return page
    h, w = ink.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST)
        # (summed by cv2.reduce, as exactly: numpy's sum took as long as the turn itself)
        rows = cv2.reduce(turned, 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S).ravel().astype(np.float64)
        return float(np.square(np.diff(rows)).sum())

    angles = np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 0.5)
    coarse = max(angles, key=sharpness)
    fine = np.arange(coarse - 0.4, coarse + 0.4 + 1e-9, _SKEW_STEP)
    best = float(max(fine, key=sharpness))
    if abs(best) < _SKEW_STEP / 2 or sharpness(best) <= sharpness(0.0) * 1.02:
        return page
    H, W = gray.shape
    m = cv2.getRotationMatrix2D((W / 2, H / 2), best, 1.0)
    straight = cv2.warpAffine(gray, m, (W, H), flags=cv2.INTER_LINEAR, borderValue=255)
    struck = None
    if page.struck is not None:
        mask = page.struck.astype(np.uint8)
        struck = cv2.warpAffine(mask, m, (W, H), flags=cv2.INTER_NEAREST, borderValue=0) > 0
    return PageImage(straight, page.dpi, page.skew + best, page.turned, struck)


_SQUARE_FROM = 0.0015  # of the page's longer side: a corner off a rectangle by less is a scan's
_SQUARE_UP_TO = 0.08  # a table further off a rectangle is no photo of one
_BORDER_INKED = 0.9  # share of each side of the quad that must be a drawn rule


def squared(page: PageImage) -> PageImage:
    """The page as if seen square on: a photo taken from below or aside a page (a phone held
    over it) draws its table as a trapezoid, its rows and columns converging, and the grid
    finder loses them (3 % narrower at the top: 148 of 000's 198 cells NULL). The largest
    connected ink is a ruled table's rules; where its hull is four corners, each side a drawn
    rule, off a rectangle, the page is warped so that they make one. A scan's table is left as
    it is, and so is any page whose largest ink is no quadrilateral of rules (no table, an
    unruled one, a seal)."""
    import cv2

    gray = page.gray
    scale = min(1.0, 1500 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 2:
        return page
    boxes = stats[1:, cv2.CC_STAT_WIDTH] * stats[1:, cv2.CC_STAT_HEIGHT]
    largest = 1 + int(np.argmax(boxes))
    if boxes[largest - 1] < 0.1 * ink.size:
        return page
    table = labels == largest
    ys, xs = np.nonzero(table)
    hull = cv2.convexHull(np.column_stack([xs, ys]).astype(np.int32))
    quad = cv2.approxPolyDP(hull, 0.01 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    if len(quad) != 4 or not _ruled_sides(quad, table):
        return page
    corners = quad.astype(np.float64) / scale
    total, diff = corners.sum(1), corners[:, 0] - corners[:, 1]
    src = corners[[np.argmin(total), np.argmax(diff), np.argmax(total), np.argmin(diff)]]
    tl, tr, br, bl = src
    w = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    h = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    cx, cy = src.mean(0)
    dst = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2 + (cx, cy)
    off = np.abs(src - dst).max() / max(gray.shape)
    if not _SQUARE_FROM <= off <= _SQUARE_UP_TO:
        return page
    m = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))
    size = (gray.shape[1], gray.shape[0])
    out = cv2.warpPerspective(gray, m, size, flags=cv2.INTER_LINEAR, borderValue=255)
    struck = None
    if page.struck is not None:
        mask = page.struck.astype(np.uint8)
        struck = cv2.warpPerspective(mask, m, size, flags=cv2.INTER_NEAREST, borderValue=0) > 0
    return PageImage(out, page.dpi, page.skew, page.turned, struck)


def _ruled_sides(quad: np.ndarray, ink: np.ndarray) -> bool:
    """Whether ink runs along each side of the quadrilateral (within 2 pixels): the table's
    border, not the hull of ink that only reaches its corners."""
    import cv2

    near = cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    h, w = ink.shape
    for a, b in zip(quad, np.roll(quad, -1, axis=0)):
        steps = max(2, int(np.abs(b - a).max()))
        t = np.linspace(0.0, 1.0, steps)[:, None]
        pts = np.rint(a + (b - a) * t).astype(int)
        xs, ys = np.clip(pts[:, 0], 0, w - 1), np.clip(pts[:, 1], 0, h - 1)
        if near[ys, xs].mean() < _BORDER_INKED:
            return False
    return True
