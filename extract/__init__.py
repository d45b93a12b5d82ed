"""cchc-extract: Vietnamese administrative-reform reports into analysis-ready tables.

    from extract import read_document, process_file
    doc = read_document("corpus/haiphong_cchc_6thang_2024.txt")
    result = process_file("corpus/haiphong_cchc_6thang_2024.txt")
    result.rows["citations"]
"""
__version__ = "0.1.0"

from extract.pipeline import process_file  # noqa: E402
from extract.readers import read_document  # noqa: E402

__all__ = ["__version__", "process_file", "read_document"]
