"""The shipped province TopoJSON turned into SVG paths, for the province choropleth.

TopoJSON stores each boundary once as a quantised, delta-encoded arc; a polygon is a list of
rings, each a list of arc indices (a negative index ~i is arc i reversed). Longitude and
latitude are drawn as plain x and y (latitude flipped): Indonesia straddles the equator, so an
equirectangular projection is faithful enough for a choropleth.
"""

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

TOPOJSON = (
    Path(__file__).resolve().parent.parent
    / "registry"
    / "data"
    / "indonesia-38-provinces.topo.json"
)
Point = tuple[float, float]
# The file gives the four provinces carved out of Papua in 2022 their parent's code; Kepmendagri
# numbers them 93-96 (the registry's Region codes), so those are corrected by name.
_CODE_BY_NAME = {
    "Papua Selatan": "93",
    "Papua Tengah": "94",
    "Papua Pegunungan": "95",
    "Papua Barat Daya": "96",
}


def decode_arc(arc: Sequence[Sequence[int]], scale: Point, translate: Point) -> list[Point]:
    """One quantised, delta-encoded arc as absolute (longitude, latitude) points."""
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
    return points


def ring_points(indices: Sequence[int], arcs: list[list[Point]]) -> list[Point]:
    """A closed ring from arc indices (~i: arc i backwards); shared end points appear once."""
    points: list[Point] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def path_data(
    rings: Sequence[Sequence[Point]], box: tuple[float, float, float, float], width: float
) -> str:
    """SVG path data for rings of (lon, lat) points, fitted to `width` across `box`
    (west, south, east, north); one decimal is plenty on screen."""
    west, south, east, north = box
    factor = width / (east - west)
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        coords = [f"{(lon - west) * factor:.1f},{(north - lat) * factor:.1f}" for lon, lat in ring]
        parts.append("M" + "L".join(coords) + "Z")
    return "".join(parts)


@functools.cache
def provinces(width: float = 1000.0) -> tuple[float, dict[str, tuple[str, str]]]:
    """(height, {province code: (name, path data)}) for the 38 provinces at `width`."""
    topology: dict[str, Any] = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    transform = topology["transform"]
    scale, translate = tuple(transform["scale"]), tuple(transform["translate"])
    arcs = [decode_arc(arc, scale, translate) for arc in topology["arcs"]]
    shapes: dict[str, tuple[str, list[list[Point]]]] = {}
    for geometry in next(iter(topology["objects"].values()))["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring_points(ring, arcs) for polygon in polygons for ring in polygon]
        properties = geometry["properties"]
        name = str(properties["PROVINSI"])
        shapes[_CODE_BY_NAME.get(name, str(properties["KODE_PROV"]))] = (name, rings)
    every = [point for _name, rings in shapes.values() for ring in rings for point in ring]
    box = (
        min(p[0] for p in every),
        min(p[1] for p in every),
        max(p[0] for p in every),
        max(p[1] for p in every),
    )
    height = (box[3] - box[1]) * width / (box[2] - box[0])
    return round(height, 1), {
        code: (name, path_data(rings, box, width)) for code, (name, rings) in shapes.items()
    }
