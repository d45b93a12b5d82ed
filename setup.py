"""The compiled part of the package; everything else is declared in pyproject.toml."""
from setuptools import Extension, setup

# optional: without a C compiler the DOCX reader takes its lxml path (same output, slower)
setup(ext_modules=[Extension("extract.readers._wordxml", ["extract/readers/_wordxml.c"], optional=True)])
