"""The analyst notebooks run top to bottom on the tables of the corpus (executed, not only parsed)."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_overview", "02_citations", "03_indicators"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code"
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_on_the_corpus_outputs(name, corpus_outputs, monkeypatch):
    monkeypatch.setenv("CCHC_OUTPUTS", str(corpus_outputs))
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    text = "\n".join(out.get("text", "") for cell in nb.cells for out in cell.get("outputs", []))
    assert str(corpus_outputs) in text  # it read the folder it was given, not ../outputs
    if name == "01_overview":
        html = "\n".join(str(out.get("data", {}).get("text/html", "")) for cell in nb.cells
                         for out in cell.get("outputs", []))
        # the rows-per-table cell lists all seven tables
        for table in ("documents", "citations", "tasks", "metrics", "sections", "checks", "errors"):
            assert table in html
