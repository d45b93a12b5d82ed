"""The document's own header: type, số/ký hiệu, date, issuer, period, title, recipients, signer."""
from __future__ import annotations

from extract.document import Document


def extract_header(doc: Document) -> dict:
    """Fields of the documents row read from the document itself (empty until implemented)."""
    return {}
