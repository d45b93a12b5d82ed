"""Extractors: pure functions from a `Document` (and what earlier extractors found) to rows.

Each returns dicts keyed by contract columns. Span rows give `char_start` / `char_end`; the
pipeline fills `quote`, `page`, `section_id` (and `in_footnote`) from the document, so the
invariant text[char_start:char_end] == quote holds by construction.
"""
