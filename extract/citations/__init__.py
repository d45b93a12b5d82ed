"""Building blocks of the citations extractor (extract/extractors/citations.py).

refs.py      the three symbol families (107/2021/NĐ-CP, 4791/QĐ-UBND, 50-KL/TW) found in text
bodies.py    issuing bodies written in text ("của Ủy ban nhân dân thành phố") → full names
context.py   what surrounds a ref: type word before, date / issuer / title after, sentence subject
"""
