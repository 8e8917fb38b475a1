"""China's administrative divisions, read from jionlp's maintained division library.

The data files are read directly (``import jionlp`` is slow and prints): ``china_location.txt``
inside ``dictionary/china_location.zip`` is a tab-indented hierarchy ``name\\tcode\\tshort``
(depth 0 province, 1 city, 2 county; deeper levels are towns and are skipped), and
``china_location_change.txt`` lists renames (old path => new path) so an old name still resolves.
Counties made districts or cities under the same stem (吴江市 → 吴江区), which that file lacks,
are read as today's division when only one fits. Zones that are not divisions in their own right
(平潭综合实验区) map onto the division whose territory they are through the small table
``regions.toml``.
"""

from __future__ import annotations

import importlib.util
import io
import re
import tomllib
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

# Placeholder rows of the library, not places.
_PLACEHOLDERS = {"省直辖行政区划", "市直辖行政区划"}
_SUFFIXES = "省市区县旗州盟"
# A township's name: its agencies lie in the county the body names before it.
_TOWNSHIP = re.compile(r"^([\u4e00-\u9fff]{1,10}?(?:街道|镇|乡|苏木))(?:人民政府|办事处|$)")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int  # 0 province, 1 city, 2 county
    province: str
    city: str | None  # None for municipalities and province-administered counties
    county: str | None
    short: str = field(default="", compare=False)  # the library's short forms: 巴州/巴音郭楞


@dataclass
class Place:
    division: Division | None
    notes: list[str]
    corrected: tuple[str, str] | None = None  # (misread name, library name) when fixed


def _dictionary() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jionlp is not installed: its division data is needed")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


@cache
def divisions() -> tuple[Division, ...]:
    with zipfile.ZipFile(_dictionary() / "china_location.zip") as z:
        raw = z.read("china_location.txt").decode("utf-8")
    out: list[Division] = []
    province: str = ""
    city: str | None = None
    for line in io.StringIO(raw):
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        parts = line.strip().split("\t")
        if len(parts) < 2:
            continue
        name, code = parts[0], parts[1]
        short = parts[2] if len(parts) > 2 else ""
        if depth == 0:
            province, city = name, None
            out.append(Division(code, name, 0, name, None, None, short))
        elif depth == 1:
            # A municipality repeats itself as its only city; 省直辖 counties have no city.
            city = None if name == province or name in _PLACEHOLDERS else name
            if city:
                out.append(Division(code, name, 1, province, city, None, short))
        elif name not in _PLACEHOLDERS:
            out.append(Division(code, name, 2, province, city, name, short))
    return tuple(out)


@cache
def by_code() -> dict[str, Division]:
    return {d.code: d for d in divisions()}


def _path_division(path: list[str]) -> Division | None:
    """The current division at a path [province, city?, county?] of names."""
    for d in _by_name_current().get(path[-1], []):
        if d.province == path[0] and (len(path) < 3 or d.city in (path[1], None)):
            return d
    return None


@cache
def _by_name_current() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = defaultdict(list)
    for d in divisions():
        index[d.name].append(d)
    return dict(index)


@cache
def by_name() -> dict[str, list[Division]]:
    """Every name a division is printed under: current names, old names from the renames file
    (only where the old name is not a current one), autonomous divisions' short forms, and the
    names of regions.toml."""
    index = {k: list(v) for k, v in _by_name_current().items()}
    shorts: dict[str, list[Division]] = defaultdict(list)
    for d in divisions():
        for name in _short_forms(d):
            if name not in index:
                shorts[name].append(d)
    index |= shorts
    for line in (_dictionary() / "china_location_change.txt").read_text("utf-8").splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_names = old.split("\t")[2::2]  # full names: province, city, county
        target = _path_division([p for p in new.split("\t") if p])
        if target and old_names[-1] not in index:
            index[old_names[-1]] = [target]
    zones = tomllib.loads(files(__package__).joinpath("regions.toml").read_text("utf-8"))
    for zone in zones["zone"]:
        index[zone["name"]] = [by_code()[zone["code"]]]
    return index


# An autonomous division's level, as its agencies' names print it after the short form:
# 恩施州 (恩施土家族苗族自治州), 北川县 or 北川自治县 (北川羌族自治县), 鄂伦春旗 (鄂伦春自治旗).
_AUTONOMOUS = {"自治州": ("州",), "自治县": ("县", "自治县"), "自治旗": ("旗", "自治旗")}


def _short_forms(d: Division) -> list[str]:
    """The names an autonomous prefecture, county or banner goes by besides its full one."""
    levels = next((v for k, v in _AUTONOMOUS.items() if d.name.endswith(k)), None)
    if levels is None:
        return []
    out = []
    for short in filter(None, d.short.split("/")):
        if short.endswith(levels[0]):  # 巴州, 莫旗: the short form is already one
            out.append(short)
        else:
            out += [short + level for level in levels]
    return out


@cache
def _longest_name() -> int:
    return max(map(len, by_name()))


def mentions(text: str, *, min_len: int = 2) -> list[str]:
    """Division names in text, longest match first at each position, left to right. Two-character
    district names (城区, 郊区, 东区) are ordinary words, matched only right after their own
    city's name (阳泉市郊区, 汕尾市城区)."""
    index = by_name()
    longest = _longest_name()
    found: list[str] = []
    i, end = 0, -1
    while i < len(text):
        for n in range(min(longest, len(text) - i), max(min_len, 2) - 1, -1):
            name = text[i : i + n]
            if name in index and (
                not (n == 2 and name.endswith("区"))
                or end == i
                and any(d.city == found[-1] for d in index[name])
            ):
                found.append(name)
                i += n
                end = i
                break
        else:
            i += 1
    return found


@cache
def _shape_codes() -> dict[str, str]:
    """Each character's shape code (the stroke-shape column of jionlp's character dictionary):
    characters an OCR engine confuses (沐/沭: ISY/ISYY) have codes one edit apart."""
    with zipfile.ZipFile(_dictionary() / "chinese_char_dictionary.zip") as z:
        raw = z.read("chinese_char_dictionary.txt").decode("utf-8")
    return {p[0]: p[6] for p in (line.split("\t") for line in raw.splitlines()) if len(p) > 6}


def _edits(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _look_alike(a: str, b: str) -> bool:
    codes = _shape_codes()
    return a in codes and b in codes and _edits(codes[a], codes[b]) <= 1


def correct_misread(text: str) -> tuple[str, str] | None:
    """An OCR misread county/city name at the start of text (沐阳县 for 沭阳县): a prefix ending in a
    division suffix that is no division, while exactly one division name of the same length and
    suffix differs from it in one look-alike character. Returns (misread, correct) or None."""
    index = by_name()
    for n in range(3, 8):
        prefix = text[:n]
        if len(prefix) < n or prefix[-1] not in _SUFFIXES or prefix in index:
            continue
        near = set()
        for name in index:
            if len(name) == n and name[-1] == prefix[-1]:
                diff = [(a, b) for a, b in zip(name, prefix) if a != b]
                if len(diff) == 1 and _look_alike(*diff[0]):
                    near.add(name)
        if len(near) == 1:
            return prefix, near.pop()
    return None


def made_district(text: str) -> tuple[str, str] | None:
    """A county or county-level city at the start of text that has since become a district or a
    city (吴江市 → 吴江区 in 2012, 宁乡县 → 宁乡市): no division by that name is left, and the
    change keeps the stem, so the current name is the stem with another suffix — when exactly one
    such name exists. jionlp's renames file does not record these. Returns (old, current) or None."""
    index = by_name()
    for n in range(3, 8):
        old = text[:n]
        if len(old) < n or old[-1] not in "县市" or old in index:
            continue
        current = {old[:-1] + s for s in "区市" if s != old[-1]} & index.keys()
        if len(current) == 1:
            return old, current.pop()
    return None


def _qualifier(agency: str, body: str) -> str | None:
    """The agency's name as the body qualifies it with division names (龙固镇人民政府 printed after
    徐州市沛县, 县财政局 as 沛县财政局): a township, or an agency named by its level alone, lies in
    them. None when the body never qualifies it, or qualifies it in different ways."""
    m = _TOWNSHIP.match(agency)
    key = m[1] if m else agency
    level = key[0] if key[0] in _SUFFIXES else ""
    found, at = set(), body.find(key)
    while at >= 0:
        window = body[max(0, at - _longest_name() * 2) : at] + level
        run = ""
        for name in reversed(mentions(window)):
            if not window.endswith(name + run):
                break
            run = name + run
        if run:
            found.add(run)
        at = body.find(key, at + len(key))
    return found.pop()[: -len(level) or None] + agency if len(found) == 1 else None


def _agree(candidates: list[Division]) -> Division | None:
    """The most specific division every candidate lies in (their common province, say)."""
    if len({d.code for d in candidates}) == 1:
        return candidates[0]
    provinces = {d.province for d in candidates}
    if len(provinces) != 1:
        return None
    province = provinces.pop()
    cities = {d.city for d in candidates}
    city = cities.pop() if len(cities) == 1 else None
    level, name = (1, city) if city else (0, province)
    return next(
        d for d in divisions() if d.level == level and d.name == name and d.province == province
    )


def _narrow(candidates: list[Division], context: list[str]) -> list[Division]:
    """Keep the candidates whose province or city the context names; when several remain, those
    whose province/city the context names most often."""
    counts = Counter(context)
    scored = [((counts[d.city] if d.city else 0) + counts[d.province], d) for d in candidates]
    best = max(s for s, _ in scored)
    return [d for s, d in scored if s == best] if best else candidates


def locate(agency: str, body: str = "") -> Place:
    """The division an agency belongs to: from the names in the agency, the most specific one
    first; a name shared by several divisions (朝阳区, 鼓楼区) is settled by the province or city
    the agency or else the body names, and left at the level the candidates agree on otherwise."""
    notes: list[str] = []
    corrected = None
    names = mentions(agency)
    if not names:
        fix = correct_misread(agency)
        if fix:
            corrected = fix
            notes.append(f"region name {fix[0]!r} is no division; read as {fix[1]!r}")
            names = mentions(fix[1] + agency[len(fix[0]) :])
    if not names and (moved := made_district(agency)):
        notes.append(f"{moved[0]!r} is no division any more; read as today's {moved[1]!r}")
        names = mentions(moved[1] + agency[len(moved[0]) :])
    if not names and (qualified := _qualifier(agency, body)):
        notes.append(f"region from the body, which calls the agency {qualified!r}")
        names = mentions(qualified)
    if not names:
        return Place(None, notes + [f"no division named in agency {agency!r}"], corrected)
    index = by_name()
    candidates = [d for n in names for d in index[n]]
    most = max(d.level for d in candidates)
    specific = [d for d in candidates if d.level == most]
    context = [d.name for d in candidates if d.level < most]
    narrowed = _narrow(specific, context)
    if len({d.code for d in narrowed}) > 1:
        narrowed = _narrow(narrowed, mentions(body, min_len=3))
    division = _agree(narrowed)
    if len({d.code for d in narrowed}) > 1:
        where = f"{division.name} ({division.code})" if division else "no common province"
        notes.append(
            f"{specific[0].name!r} names {len(narrowed)} divisions and neither the agency nor "
            f"the body says which; kept {where}"
        )
    return Place(division, notes, corrected)
