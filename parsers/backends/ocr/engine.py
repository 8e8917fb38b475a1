"""The OCR engine: PP-OCRv4 text detection and recognition (the models inside the
rapidocr-onnxruntime wheel) on ONNX Runtime, CPU, one thread per process (the parse pool spreads
files over the cores). Nothing is downloaded: the models ship in the wheel.

rapidocr's own pipeline is not used as a whole: it pads every recognition batch to 320 pixels
(a lone "0" costs as much as a line of ten characters), its detector ignores the configured
resolution, and it reports one mean confidence per line. Here detection runs at a chosen size,
each text box is recognised alone at its own width (batching buys nothing on one thread), and
every glyph keeps its own confidence and the runner-up the model saw for it, which the trust
rules (parsers.backends.ocr.trust) need to know which digit could have been misread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DET_SIDE = 1024  # longest side the detector sees: text 8 pt and up is found at this size (A4)
_REC_HEIGHT = 48  # the recognition model's input height
WORD_GAP = 1.0  # blank wider than this many text heights parts two words (two cells of a row)


@dataclass(frozen=True)
class Glyph:
    char: str
    conf: float  # the model's probability for it
    alt: str  # the runner-up character at the same place ("" when none is worth naming)
    alt_conf: float
    x0: float  # its horizontal extent, in the image's pixels
    x1: float


@dataclass(frozen=True)
class Read:
    """One recognised text box: its glyphs, its tight box (x0, top, x1, bottom) in pixels, and
    the blank stretches (x0, x1) inside it wider than WORD_GAP text heights: where its words part
    (glyph positions from the recogniser's frames are too coarse to tell)."""

    glyphs: tuple[Glyph, ...]
    box: tuple[float, float, float, float]
    gaps: tuple[tuple[float, float], ...] = ()


@cache
def _models() -> Path:
    import rapidocr_onnxruntime

    return Path(rapidocr_onnxruntime.__file__).parent / "models"


def run(session, x: np.ndarray) -> np.ndarray:
    """The model's output; MemoryError when ONNX Runtime cannot allocate (the parse worker's
    address-space limit), which the caller records as such rather than as a parser bug."""
    try:
        return session.run(None, {session.get_inputs()[0].name: x})[0]
    except Exception as e:
        if "allocate" in str(e).lower():
            raise MemoryError(str(e)) from None
        raise


def _session(name: str):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 4
    return ort.InferenceSession(str(_models() / name), opts, providers=["CPUExecutionProvider"])


@cache
def _detector():
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DBPostProcess

    post = DBPostProcess(
        thresh=0.3,
        box_thresh=0.5,
        max_candidates=2000,
        unclip_ratio=1.6,
        use_dilation=True,
        score_mode="fast",
    )
    return _session("ch_PP-OCRv4_det_infer.onnx"), post


@cache
def _recognizer():
    rec = _session("ch_PP-OCRv4_rec_infer.onnx")
    chars = rec.get_modelmeta().custom_metadata_map["character"].splitlines()
    return rec, ["", *chars, " "]  # CTC blank first, space last: the model's 6625 classes


@cache
def _classifier():
    return _session("ch_ppocr_mobile_v2.0_cls_infer.onnx")


_SAMPLE = 8  # lines of text, the page's widest, read to tell which way up it is
_SAMPLE_WIDTH = 8  # text heights: of each, only its start is read (about eight characters)
_SURE_HAN = 0.9  # a Han character read this surely is text the right way up
_ENOUGH_HAN = 12  # sure Han characters that settle which way up a page is
_CLS_HEIGHT, _CLS_WIDTH = 48, 192  # the direction classifier's input


def quarter_turns(gray: np.ndarray, boxes) -> int:
    """How many quarter turns counter-clockwise (``np.rot90``'s k) stand the page upright: a
    scanner fed a page sideways or upside down, or a landscape table page scanned in portrait.
    Text read the wrong way is not Chinese: the way that reads more sure Han characters at the
    start of the page's widest lines wins. Reading stops once enough are read, so an upright
    page costs a few short lines; the page is tried sideways only when it reads too few."""
    upright = _best_of_pair(gray, boxes, 0)
    if upright[0] >= _ENOUGH_HAN:
        return upright[1]
    side = np.rot90(gray, 3)
    sideways = _best_of_pair(side, detect(side), 3)
    return sideways[1] if sideways[0] > upright[0] else upright[1]


def _best_of_pair(gray: np.ndarray, boxes, k: int) -> tuple[int, int]:
    """(sure Han characters, quarter turns) of the page (already turned k times) as it is or
    upside down: the way the direction classifier favours is read first, the other only when
    the first reads too few."""
    lines = sorted((b for b in boxes if b[2] - b[0] > 2 * (b[3] - b[1])), key=lambda b: b[0] - b[2])
    lines = lines[:_SAMPLE]
    if not lines:
        return 0, k
    h, w = gray.shape
    ways = [
        (gray, lines, k),
        (np.rot90(gray, 2), [(w - x1, h - y1, w - x0, h - y0) for x0, y0, x1, y1 in lines], k + 2),
    ]
    if _upside_down(gray, lines) > 0.5:
        ways.reverse()
    best = (-1, k)
    for page, sample, turns in ways:
        n = _sure_han(page, sample)
        if n >= _ENOUGH_HAN:
            return n, turns % 4
        if n > best[0]:
            best = (n, turns % 4)
    return best


def _sure_han(gray: np.ndarray, lines) -> int:
    """Sure Han characters read at the start of the lines, up to enough."""
    n = 0
    for x0, y0, x1, y1 in lines:
        start = (x0, y0, min(x1, x0 + _SAMPLE_WIDTH * (y1 - y0)), y1)
        for read in recognize_all(gray, [start]):
            n += sum(g.conf >= _SURE_HAN and "\u4e00" <= g.char <= "\u9fff" for g in read.glyphs)
        if n >= _ENOUGH_HAN:
            break
    return n


def _upside_down(gray: np.ndarray, lines) -> float:
    """The classifier's mean probability that the lines are upside down."""
    import cv2

    batch = np.zeros((len(lines), 3, _CLS_HEIGHT, _CLS_WIDTH), np.float32)
    for i, (x0, y0, x1, y1) in enumerate(lines):
        crop = gray[int(y0) : math.ceil(y1), int(x0) : math.ceil(x1)]
        width = min(_CLS_WIDTH, max(1, round(_CLS_HEIGHT * crop.shape[1] / crop.shape[0])))
        scaled = cv2.resize(crop, (width, _CLS_HEIGHT), interpolation=cv2.INTER_AREA)
        batch[i, :, :, :width] = scaled.astype(np.float32) / 127.5 - 1.0
    return float(run(_classifier(), batch)[:, 1].mean())


def detect(gray: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Boxes (x0, top, x1, bottom) of the text lines of an upright grayscale page, in its
    pixels. Detection runs at DET_SIDE on the longest side."""
    import cv2

    session, post = _detector()
    h, w = gray.shape
    ratio = min(1.0, DET_SIDE / max(h, w))
    rh, rw = max(32, round(h * ratio / 32) * 32), max(32, round(w * ratio / 32) * 32)
    small = cv2.resize(gray, (rw, rh), interpolation=cv2.INTER_AREA)
    x = (small.astype(np.float32) / 127.5 - 1.0)[None, None].repeat(3, axis=1)
    pred = run(session, x)
    quads, _ = post(pred, (h, w))
    boxes = []
    for q in quads:
        x0, y0 = q[:, 0].min(), q[:, 1].min()
        x1, y1 = q[:, 0].max(), q[:, 1].max()
        if x1 - x0 > 3 and y1 - y0 > 3:
            boxes.append((float(x0), float(y0), float(x1), float(y1)))
    return boxes


_PAD = 0.25  # of the text height, paper kept around a crop: the model wants some margin


_SMALLEST, _LARGEST = 0.035, 0.4  # inches: the height of text ink worth reading


def leftovers(gray: np.ndarray, boxes, dpi: float) -> list[Read]:
    """Text the detector left out, read: runs of ink outside its boxes, as high as text (a lone
    small digit of an unruled table often escapes it at the resolution it runs at)."""
    import cv2

    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    for x0, y0, x1, y1 in boxes:
        ink[max(0, int(y0) - 1) : int(y1) + 2, max(0, int(x0) - 1) : int(x1) + 2] = 0
    # Marks up to 2.5 pt apart are one run (a number's digits); cells are further apart.
    joined = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(dpi / 30)), 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    found = []
    for k in range(1, n):
        x, y, w, h = stats[k, :4]
        if _SMALLEST * dpi <= h <= _LARGEST * dpi and w <= 4 * dpi:
            found.append((float(x), float(y), float(x + w), float(y + h)))
    return recognize_all(gray, found)


def recognize_all(gray: np.ndarray, boxes) -> list[Read]:
    """The text lines in the boxes of the page. Each box is tightened to its ink and cut into
    its lines of ink (the detector joins two close lines of a wrapped cell into one box), so
    the box reported is where a line is printed; each line is recognised alone at its own
    width: the model's cost grows faster than its input's width (laying short crops side by
    side in one run was measured slower), and one thread gains nothing from batches."""
    import cv2

    session, chars = _recognizer()
    h, w = gray.shape
    out: list[Read] = []
    for box in boxes:
        for (x0, y0, x1, y1), columns in _lines(gray, box):
            pad = max(2, round((y1 - y0) * _PAD))
            a, b = max(0, y0 - pad), min(h, y1 + pad)
            c, d = max(0, x0 - pad), min(w, x1 + pad)
            crop = gray[a:b, c:d]
            width = max(_REC_HEIGHT // 2, math.ceil(_REC_HEIGHT * crop.shape[1] / crop.shape[0]))
            scaled = cv2.resize(
                crop,
                (width, _REC_HEIGHT),
                interpolation=cv2.INTER_AREA if crop.shape[0] > _REC_HEIGHT else cv2.INTER_CUBIC,
            )
            x = (scaled.astype(np.float32) / 127.5 - 1.0)[None, None].repeat(3, axis=1)
            probs = run(session, x)[0]  # (frames, classes)
            if glyphs := _decode(probs, chars, c, (d - c) / probs.shape[0]):
                out.append(
                    Read(
                        glyphs,
                        (float(x0), float(y0), float(x1), float(y1)),
                        _gaps(columns, x0, WORD_GAP * (y1 - y0)),
                    )
                )
    return out


_VALLEY = 0.02  # a row with less ink than this share of the fullest row parts two lines
_LINE = 0.4  # a band lower than this share of the tallest is a speck or a sliver of a line


def _lines(gray: np.ndarray, box):
    """(ink box, which columns hold ink) of each line of text inside a box."""
    tight = ink_box(gray, box)
    if tight is None:
        return []
    (x0, y0, x1, y1), ink = tight
    rows = ink.sum(axis=1)
    low = rows <= _VALLEY * rows.max()
    bands, start = [], None
    for i, empty in enumerate([*low, True]):
        if not empty and start is None:
            start = i
        elif empty and start is not None:
            bands.append((start, i))
            start = None
    tallest = max(b - a for a, b in bands)
    bands = [(a, b) for a, b in bands if b - a >= _LINE * tallest]
    if bands == [(0, len(rows))]:
        return [((x0, y0, x1, y1), ink.any(axis=0))]
    out = []  # lines, and no sliver of a line above or below that the box cut through
    for a, b in bands:
        cols = np.flatnonzero(ink[a:b].any(axis=0))
        band = ink[a:b, cols[0] : cols[-1] + 1]
        out.append(((x0 + int(cols[0]), y0 + a, x0 + int(cols[-1]) + 1, y0 + b), band.any(axis=0)))
    return out


def _gaps(columns: np.ndarray, left: int, wide: float) -> tuple[tuple[float, float], ...]:
    """Runs of blank columns (of the ink box) wider than `wide`, in page pixels."""
    out = []
    run = None
    for i, ink in enumerate(columns):
        if not ink and run is None:
            run = i
        elif ink and run is not None:
            if i - run > wide:
                out.append((float(left + run), float(left + i)))
            run = None
    return tuple(out)


def _decode(probs: np.ndarray, chars: list[str], left: float, step: float) -> tuple[Glyph, ...]:
    """Greedy CTC decoding that keeps, for every glyph, its best frame's probability and the
    character the model ranked second there."""
    best = probs.argmax(axis=1)
    glyphs: list[Glyph] = []
    start = 0
    for t in range(len(best) + 1):
        if t < len(best) and t > 0 and best[t] == best[t - 1]:
            continue
        if t > 0 and best[start] != 0:
            k = int(best[start])
            frames = probs[start:t, k]
            f = start + int(frames.argmax())
            row = probs[f].copy()
            row[k] = row[0] = 0.0
            alt = int(row.argmax())
            glyphs.append(
                Glyph(
                    chars[k],
                    float(frames.max()),
                    chars[alt] if row[alt] >= 0.001 else "",
                    float(row[alt]),
                    left + start * step,
                    left + t * step,
                )
            )
        start = t
    return tuple(glyphs)


def ink_extent(gray: np.ndarray, box) -> tuple[int, int] | None:
    """The left and right ends of the ink inside a box, or None when it holds none."""
    tight = ink_box(gray, box)
    return None if tight is None else (tight[0][0], tight[0][2])


def ink_box(gray: np.ndarray, box, level: int | None = None):
    """The box shrunk to the dark pixels inside it (below ``level``, else Otsu's threshold on the
    crop), and its ink mask; None when it holds none."""
    import cv2

    h, w = gray.shape
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(w, math.ceil(box[2])), min(h, math.ceil(box[3]))
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < 40:
        return None
    if level is None:
        _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    else:
        ink = (crop < level).astype(np.uint8)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return None
    box = x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1
    return box, ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
