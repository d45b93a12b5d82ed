"""The compiled part of the package; everything else is declared in pyproject.toml."""
from setuptools import Extension, setup

# required: the DOCX reader cuts every paragraph item with it, whichever path read the body
setup(ext_modules=[Extension("extract.readers._wordxml", ["extract/readers/_wordxml.c"])])
