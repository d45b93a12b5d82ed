"""Helpers of the header extractor (extract/extractors/header.py): body names, signature block."""
