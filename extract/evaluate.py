"""`cchc eval`: scores an output folder against every gold file, one line per document.

The rules are those of ../shared/eval/score.py, vendored verbatim as extract/scoring.py.
"""
from __future__ import annotations

import json
from pathlib import Path

from extract import scoring


def score_gold(gold_path: Path, out: Path) -> dict | None:
    """The scorer's result for one gold file, or None when the document is not in `out`."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    source = gold.get("source_file") or gold.get("source", {}).get("file")
    docs = scoring.read_table(out, "documents")
    doc_id = scoring.pick_doc(docs, source)
    if doc_id is None:
        return None

    def rows(name):
        t = scoring.read_table(out, name)
        return t[t["doc_id"] == doc_id] if "doc_id" in t else t.iloc[0:0]

    doc_row = docs[docs["doc_id"] == doc_id].iloc[0]
    return {
        "source": source, "doc_id": doc_id,
        "citations": scoring.score_citations(gold.get("citations", []), rows("citations")),
        "metrics": scoring.score_metrics(gold.get("metrics", []), gold.get("tasks", []), rows("metrics")),
        "key_metrics": scoring.score_key_metrics(gold.get("metrics", []), rows("metrics")),
        "tasks": scoring.score_tasks(gold.get("tasks", []), rows("tasks")),
        "document": scoring.score_document(gold.get("document", {}), doc_row),
        "sections": scoring.score_sections(gold.get("sections", []), rows("sections")),
    }


def score_line(res: dict) -> str:
    """The one line score.py prints."""
    c, m = res["citations"], res["metrics"]
    return (f"citations P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f}"
            f" date {c.get('date_acc', 0):.3f} issuer {c.get('issuer_acc', 0):.3f}"
            f" type {c.get('doc_type_acc', 0):.3f}"
            f" | metrics P {m['precision']:.3f} R {m['recall']:.3f} R+unit {m['recall_with_unit']:.3f}"
            f" | key {res['key_metrics']['score']:.3f} | tasks {res['tasks']['score']:.3f}"
            f" | document {res['document']['score']:.3f} | sections {res['sections']['score']:.3f}")
