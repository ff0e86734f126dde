"""Must show 3: the DXF re-reads and passes ezdxf's audit with one block per piece on the
AAMA layers; the SVG's 10 cm test square measures 100 mm; the PDF tiles at 1:1."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET
import zlib

import ezdxf
import pytest
from ezdxf import recover

from shop.patterns import pattern_draft
from shop.patterns.dxf import pattern_dxf
from shop.patterns.pdf import sheet_pdf, tile_grid
from shop.patterns.sheet import pattern_sheet
from shop.patterns.svg import pattern_svg
from tests.shop.patterns.bodies import GARMENTS, realistic_body, spec_for

SVG = "{http://www.w3.org/2000/svg}"
STYLE = {
    "shirt": {"collar": "wing", "pocket": "two-flap"},
    "trousers": {"pleats": "double"},
    "jacket": {"vents": "single", "lapel": "peak"},
}


def _pattern(garment: str):
    body = realistic_body(garment, "male", 178, 24.0)
    return pattern_draft(spec_for(garment, body, "regular", STYLE[garment]))


def _mm(value: str) -> float:
    match = re.fullmatch(r"([0-9.]+)mm", value)
    assert match, value
    return float(match.group(1))


@pytest.mark.parametrize("garment", GARMENTS)
def test_dxf_rereads_and_passes_the_audit(garment: str) -> None:
    pattern = _pattern(garment)
    data = pattern_dxf(pattern)
    doc = ezdxf.read(io.StringIO(data.decode("cp1252")))
    auditor = doc.audit()
    assert auditor.has_errors is False
    assert len(auditor.errors) == 0
    blocks = {b.name for b in doc.blocks if not b.name.startswith("*")}
    assert blocks == {p.code.upper() for p in pattern.pieces}
    inserts = [e for e in doc.modelspace() if e.dxftype() == "INSERT"]
    assert sorted(i.dxf.name for i in inserts) == sorted(blocks)
    for piece in pattern.pieces:
        block = doc.blocks.get(piece.code.upper())
        by_layer: dict[str, list] = {}
        for entity in block:
            by_layer.setdefault(entity.dxf.layer, []).append(entity)
        boundary = [e for e in by_layer["1"] if e.dxftype() == "POLYLINE"]
        assert len(boundary) == 1 and boundary[0].is_closed
        points = [tuple(v.dxf.location)[:2] for v in boundary[0].vertices]
        assert len(points) == len(piece.cut_polygon.exterior.coords) - 1
        assert len([e for e in by_layer["14"] if e.dxftype() == "POLYLINE"]) == 1
        assert [e.dxftype() for e in by_layer["7"]] == ["LINE"]
        assert len(by_layer.get("4", [])) == len(piece.notches)
        assert len(by_layer.get("13", [])) == len(piece.drills)
        assert ("6" in by_layer) == piece.on_fold
        texts = [e.dxf.text for e in by_layer["1"] if e.dxftype() == "TEXT"]
        assert f"Quantity: {piece.count}" in texts
        assert any(t.startswith("Piece Name: " + piece.name_en) for t in texts)
    style = [e.dxf.text for e in doc.modelspace() if e.dxftype() == "TEXT"]
    assert "UNITS: METRIC" in style and "STYLE NAME: U-TEST-0001" in style


def test_dxf_piece_names_keep_their_chinese() -> None:
    # The code page cannot hold Chinese: it travels as DXF \U+XXXX escapes, which a
    # reader decodes (ezdxf's recover loader does).
    data = pattern_dxf(_pattern("shirt"))
    assert b"Piece Name: Yoke \\U+8fc7\\U+80a9" in data
    doc, auditor = recover.read(io.BytesIO(data))
    assert len(auditor.errors) == 0
    texts = [e.dxf.text for e in doc.blocks.get("YOKE") if e.dxftype() == "TEXT"]
    assert "Piece Name: Yoke 过肩" in texts


@pytest.mark.parametrize("garment", GARMENTS)
def test_svg_is_one_to_one_and_its_test_square_measures_100_mm(garment: str) -> None:
    pattern = _pattern(garment)
    root = ET.fromstring(pattern_svg(pattern))
    width_mm, height_mm = _mm(root.get("width")), _mm(root.get("height"))
    _, _, vb_w, vb_h = (float(v) for v in root.get("viewBox").split())
    assert width_mm / vb_w == pytest.approx(1.0) and height_mm / vb_h == pytest.approx(1.0)
    square = root.find(f"{SVG}rect[@id='test-square']")
    assert float(square.get("width")) * width_mm / vb_w == pytest.approx(100.0)
    assert float(square.get("height")) * height_mm / vb_h == pytest.approx(100.0)
    cut_lines = root.findall(f"{SVG}polygon[@class='cut']")
    assert len(cut_lines) == len(pattern.pieces)
    texts = "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for piece in pattern.pieces:
        assert f"{piece.name_en} {piece.name_zh}" in texts
    assert "U-TEST-0001" in texts
    # The widest piece's cut line keeps its size on the sheet.
    widest = max(pattern.pieces, key=lambda p: p.cut_polygon.bounds[2] - p.cut_polygon.bounds[0])
    minx, _, maxx, _ = widest.cut_polygon.bounds
    widths = []
    for poly in cut_lines:
        xs = [float(p.split(",")[0]) for p in poly.get("points").split()]
        widths.append(max(xs) - min(xs))
    assert max(widths) == pytest.approx(maxx - minx, abs=0.02)


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_pdf_tiles_the_sheet_and_draws_the_square_at_100_mm(paper: str) -> None:
    pattern = _pattern("trousers")
    sheet = pattern_sheet(pattern)
    data = sheet_pdf(sheet, paper=paper, title="U-TEST-0001")
    cols, rows, _, _ = tile_grid(sheet, paper)
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", data)) == 1 + cols * rows
    assert (paper == "A3") == (cols * rows < tile_grid(sheet, "A4")[0] * tile_grid(sheet, "A4")[1])
    # 100 mm = 283.46 pt: the square on the assembly page.
    assert re.search(rb"283\.46\d* 283\.46\d* re", _page_content(data))


def _page_content(pdf: bytes) -> bytes:
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
    out = []
    for raw in streams:  # ReportLab writes /ASCII85Decode /FlateDecode streams
        text = raw.strip()
        if text.endswith(b"~>"):
            text = base64.a85decode(text[:-2])
        try:
            out.append(zlib.decompress(text))
        except zlib.error:
            out.append(raw)
    return b"\n".join(out)


def test_pdf_refuses_an_unknown_paper_size() -> None:
    with pytest.raises(ValueError):
        sheet_pdf(pattern_sheet(_pattern("shirt")), paper="Letter")
