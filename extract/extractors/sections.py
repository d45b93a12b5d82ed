"""The heading tree: "I.", "1.", "a)", "Phần …", "Mục …", run-in headings."""
from __future__ import annotations

from extract.document import Document


def extract_sections(doc: Document) -> list[dict]:
    """Section rows with section_id, parent_id, level, label, title, char_start, char_end."""
    return []
