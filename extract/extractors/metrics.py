"""Reported figures: index scores and ranks, counts, money, percentages, x/y."""
from __future__ import annotations

from extract.document import Document


def extract_metrics(doc: Document) -> list[dict]:
    return []
