"""The TopoJSON → SVG path conversion and the chart helpers, on hand-made data."""

import pytest

from netral.insights import charts, topo


def test_an_arc_is_decoded_from_deltas_and_the_transform():
    points = topo.decode_arc([[10, 20], [5, -5], [-15, 0]], scale=(0.1, 0.5), translate=(100, -10))
    assert points == [(101.0, 0.0), (101.5, -2.5), (100.0, -2.5)]


def test_a_ring_joins_arcs_and_reverses_negative_ones():
    arcs = [[(0.0, 0.0), (1.0, 0.0)], [(1.0, 0.0), (1.0, 1.0)], [(0.0, 0.0), (1.0, 1.0)]]
    # ~2 is arc 2 backwards: (1,1) → (0,0); shared end points appear once.
    assert topo.ring_points([0, 1, ~2], arcs) == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]


def test_path_data_fits_the_box_and_flips_latitude():
    ring = [(100.0, 0.0), (110.0, 0.0), (110.0, -5.0)]
    data = topo.path_data([ring, [(0.0, 0.0)]], box=(100.0, -5.0, 110.0, 0.0), width=200)
    assert data == "M0.0,0.0L200.0,0.0L200.0,100.0Z"  # the one-point ring is dropped


def test_the_shipped_map_has_all_38_provinces_with_kepmendagri_codes():
    height, shapes = topo.provinces(1000.0)
    assert len(shapes) == 38 and 300 < height < 450
    assert shapes["34"][0] == "Daerah Istimewa Yogyakarta"
    assert {code: shapes[code][0] for code in ("93", "94", "95", "96")} == {
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }
    assert all(path.startswith("M") for _name, path in shapes.values())


@pytest.mark.parametrize(
    ("value", "top", "expected"), [(0, 10, -1), (1, 10, 0), (5, 10, 2), (10, 10, 4), (3, 0, -1)]
)
def test_colour_classes(value, top, expected):
    assert charts.class_of(value, top) == expected


def test_whole_number_ticks():
    assert charts.ticks(3) == [0, 1, 2, 3]
    assert charts.ticks(12) == [0, 3, 6, 9, 12]
    assert charts.ticks(0) == [0, 1]


def test_the_map_names_each_province_and_escapes_text():
    svg = charts.choropleth("Kasus <per> provinsi", "desc & more", {"34": 5}).decode()
    assert '<title id="t">Kasus &lt;per&gt; provinsi</title>' in svg
    assert "Daerah Istimewa Yogyakarta: 5</title>" in svg and "<script" not in svg
    assert svg.count("<path") == 38
