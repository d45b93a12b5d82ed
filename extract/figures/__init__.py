"""Figures in reports: units, indicator keys, labels, and the scanners of text and tables.

extract/numerals.py reads one numeral; this package decides which numerals are reported figures
(a unit follows, a percentage, a count after "label:"), what they measure, and where ranks and
changes belong. extract/extractors/metrics.py turns the figures into metrics rows.
"""
