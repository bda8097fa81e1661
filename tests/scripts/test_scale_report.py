"""scripts/scale_report.py at a tiny size: every figure has its floor, the plot is a real image, the
README's marked block is replaced and nothing else in it, and the scratch data is gone afterwards."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "scale_report.py"
FIGURES = ("import_wall_s", "import_cpu_s", "import_rows_per_s", "import_peak_mb", "rank_cold_wall_s",
           "rank_cold_cpu_s", "rank_cold_peak_mb", "rank_warm_wall_s", "rank_warm_cpu_s", "rank_warm_peak_mb",
           "rank_filtered_wall_s", "rank_filtered_cpu_s", "rank_filtered_peak_mb",
           "rank_in_process_ms", "filter_keystroke_ms", "index_build_in_process_s", "in_process_peak_mb",
           "search_query_ms", "search_index_build_s")

pytest.importorskip("matplotlib")  # the plot's dev dependency
Image = pytest.importorskip("PIL.Image")  # comes with matplotlib


def test_report_at_two_tiny_sizes(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    original = (ROOT / "README.md").read_text(encoding="utf-8")
    readme.write_text(original, encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    out, png = tmp_path / "scale.json", tmp_path / "img" / "scale.png"
    subprocess.run([sys.executable, str(SCRIPT), "--sizes", "300,600", "--runs", "1", "--out", str(out),
                    "--plot", str(png), "--readme", str(readme), "--scratch", str(scratch)],
                   check=True, cwd=ROOT, capture_output=True, timeout=600)

    report = json.loads(out.read_text(encoding="utf-8"))
    assert "cores" in report["machine"]
    assert list(report["sizes"]) == ["300", "600"]
    for n, size in report["sizes"].items():
        assert size["rows"] == int(n)
        assert size["rank_json_candidates"] > 0  # the rank answered with candidates, not an error
        # The index cache is where the script removes it for a cold run (<DESK_HOME>/index-cache): if
        # desk keeps it elsewhere now, scale_report.measure must remove that instead.
        assert size["index_cache_kept"]
        assert len(size["load_average_before"]) == len(size["load_average_after"]) == 3
        for key in FIGURES:
            fig = size["figures"][key]
            assert fig["value"] > 0 and fig["floor"] > 0, key
            assert fig["floor_what"] and math.isclose(fig["ratio"], fig["value"] / fig["floor"], rel_tol=0.01)
        assert size["figures"]["filter_keystroke_ms"]["max"] >= size["figures"]["filter_keystroke_ms"]["value"]
        assert size["figures"]["in_process_peak_mb"]["value"] > size["figures"]["in_process_peak_mb"]["floor"] > 0
    assert list(scratch.iterdir()) == []  # each size's data folder is deleted

    with Image.open(png) as image:
        image.verify()
        assert image.format == "PNG" and image.size[0] > 600

    text = readme.read_text(encoding="utf-8")
    begin, end = text.index("<!-- scale:begin -->"), text.index("<!-- scale:end -->")
    block = text[begin:end]
    assert "| measure | 10,000 | 100,000 | 300,000 | 1,000,000 | 300 | 600 |" in block
    assert "not measured yet" not in block and "rows/s" in block and "floor" in block
    old_begin, old_end = original.index("<!-- scale:begin -->"), original.index("<!-- scale:end -->")
    assert text[:begin] == original[:old_begin] and text[end:] == original[old_end:]


def test_readme_without_the_markers_is_refused(tmp_path: Path) -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    import scale_report_render as render  # type: ignore[import-not-found]

    readme = tmp_path / "README.md"
    readme.write_text("# desk\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="scale:begin"):
        render.replace_readme(readme, "table")
    assert readme.read_text(encoding="utf-8") == "# desk\n"
