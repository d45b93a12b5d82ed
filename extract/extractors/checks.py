"""Arithmetic the report's own figures must satisfy.

From task rows: parts against their stated total ("37 + 41 + 0 = 78"), intake balance
("192 + 12 = 138 + 66"), in-progress breakdown ("62 + 4 = 66"), x/y against the stated rate.
From metrics: x/y against the percentage stated right after it ("11/43 … đạt tỷ lệ 25,6%"),
"A, bằng P% … (B)" (A / B = P%), a figure against the figures in the parenthesis that follows it
("87 văn bản (66 …, 01 …, 20 …)") or in its "trong đó:" list, a count against the list in its
footnote ("14 trường hợp²"), and one indicator stated twice.
`holds = false` is a finding about the report, not an error.
"""
from __future__ import annotations

from extract.document import Document
from extract.figures.checks_metrics import metric_checks
from extract.figures.footnotes import footnote_checks
from extract.numerals import format_number as fmt


def extract_checks(doc: Document, tasks: list[dict], metrics: list[dict]) -> list[dict]:
    rows: list[dict] = []
    for task in tasks:
        rows.extend(_task_checks(task, metrics))
    seen = {_signature(r) for r in rows}
    for row in metric_checks(doc.text, metrics) + footnote_checks(doc, metrics):
        if _signature(row) not in seen:
            seen.add(_signature(row))
            rows.append(row)
    for i, row in enumerate(rows, start=1):
        row["check_id"] = i
        row.pop("_numbers", None)
        row.setdefault("task_id", None)
    return rows


def _signature(row: dict) -> tuple:
    return tuple(sorted(row.get("_numbers", ()))), row["relation"].split("(")[0].strip()


def _task_checks(task: dict, metrics: list[dict]) -> list[dict]:
    g = {k: task.get(k) for k in ("total", "completed", "in_progress", "in_progress_on_time", "overdue",
                                  "not_started", "received_new", "carried_over", "completed_pct")}
    out = []
    overdue_inside = (g["in_progress_on_time"] is not None and g["overdue"] is not None
                      and g["in_progress"] is not None and g["in_progress_on_time"] != g["in_progress"])
    if overdue_inside:
        out.append(_sum_check([g["in_progress_on_time"], g["overdue"]], g["in_progress"],
                              "đang thực hiện: trong hạn + quá hạn"))
    if g["total"] is not None:
        parts = [g[k] for k in ("completed", "in_progress", "not_started") if g[k] is not None]
        if g["overdue"] is not None and not overdue_inside:
            parts.append(g["overdue"])
        if len(parts) >= 2:
            out.append(_sum_check(parts, g["total"], "các phần = tổng số"))
    if None not in (g["received_new"], g["carried_over"], g["completed"], g["in_progress"]):
        left, right = g["received_new"] + g["carried_over"], g["completed"] + g["in_progress"]
        out.append({
            "relation": f"{g['received_new']} + {g['carried_over']} = {g['completed']} + {g['in_progress']}"
                        f" (mới + kỳ trước chuyển sang = đã hoàn thành + đang xử lý)",
            "holds": left == right, "note": None if left == right else f"{left} ≠ {right}",
            "_numbers": (g["received_new"], g["carried_over"], g["completed"], g["in_progress"])})
    if g["total"] and g["completed"] is not None and g["completed_pct"] is not None:
        out.append(_ratio_check(g["completed"], g["total"], g["completed_pct"], None))
    for row in out:
        row["task_id"] = task.get("task_id")
        row["metric_ids"] = [m["metric_id"] for m in metrics
                             if task["char_start"] <= m["char_start"] < task["char_end"]] or None
    return out


def _sum_check(parts: list[float], total: float, what: str) -> dict:
    s = sum(parts)
    holds = abs(s - total) <= 1e-6 * max(1.0, abs(total))
    return {"relation": " + ".join(fmt(p) for p in parts) + f" = {fmt(total)} ({what})",
            "holds": holds, "note": None if holds else f"parts sum to {fmt(s)}",
            "_numbers": (*parts, total)}


def _ratio_check(x: float, y: float, pct: float, decimals: int | None) -> dict:
    from extract.figures.checks_metrics import ratio_check
    return ratio_check(x, y, pct, decimals)
