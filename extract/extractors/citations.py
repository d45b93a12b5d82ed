"""Every mention of a numbered document: loại, số/ký hiệu, ngày, cơ quan ban hành."""
from __future__ import annotations

from extract.document import Document


def extract_citations(doc: Document, header: dict) -> list[dict]:
    """Citation rows (mention_id in order of appearance, from 1)."""
    return []
