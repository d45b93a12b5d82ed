"""The one loader of the rule data in patterns/*.yaml (loaded once per process, cached).

File convention (every patterns/*.yaml follows it, so tests/test_patterns.py can check them all):

    note: what the file is, where its data comes from
    entries:               # or any other top-level key holding the list (ocr_fixes.yaml: `fixes`)
      - name: …            # the canonical form (other keys are free: codes, aliases, unit, key …)
        examples: [ … ]    # strings a reader of real reports would meet for this entry
        note: …            # why the entry exists / where it was seen

An entry's `examples` must be recognized by the matcher registered for its file in MATCHERS
(`matches(file_stem, entry, example) -> bool`). Without a registered matcher the generic rule holds:
an entry with a regex `pattern` and a `replace` takes [input, expected] pairs (regex.sub(pattern,
replace, input, V1) == expected); an entry with a `pattern` alone must match (search) each example;
otherwise examples only need to be non-empty strings. Engineers adding a file may register a
matcher with `register_matcher` from their own module, listed in `MATCHER_MODULES`.

Public API (stable):
    load(name) -> dict                       the parsed file patterns/<name>.yaml ({} if missing)
    entries(name) -> list[dict]              its `entries`
    names() -> list[str]                     stems of every patterns/*.yaml
    doc_types() -> list[dict]                {name, codes, aliases, …} document types (loại văn bản)
    doc_type_by_code(code) -> str | None     "QĐ" → "Quyết định" (case-insensitive)
    canonical_doc_type(words) -> str | None  "quyết định" / "QUYẾT ĐỊNH" → "Quyết định"
    issuer_codes() -> dict[str, dict]        "BNV" → {name: "Bộ Nội vụ", scope: "central", …}
    provinces() -> list[dict]                34 current + 63 former, with `merged_into` / `merged_from`
    province_by_name(text) -> dict | None    "Hải Phòng", "TP. Hồ Chí Minh", "tỉnh Lâm Đồng" → entry
    province_full_name(name) -> str          "Hải Phòng" → "thành phố Hải Phòng", "Lâm Đồng" → "tỉnh Lâm Đồng"
    matches(file_stem, entry, example) -> bool
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml

PATTERNS_DIR = Path(__file__).resolve().parents[1] / "patterns"
Matcher = Callable[[dict, str], bool]
MATCHERS: dict[str, Matcher] = {}
# modules that register matchers for their own yaml files (imported before matching); the pipeline
# imports every extractor, hence every module that registers one
MATCHER_MODULES: list[str] = ["extract.patterns", "extract.pipeline", "extract.figures.vocab",
                              "extract.figures.taskfields"]


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@functools.cache
def load(name: str) -> dict:
    path = PATTERNS_DIR / f"{name}.yaml"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def entries(name: str) -> list[dict]:
    """The file's `entries`, or the first top-level list of mappings under another key."""
    data = load(name)
    if data.get("entries"):
        return list(data["entries"])
    for value in data.values():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return list(value)
    return []


def names() -> list[str]:
    return sorted(p.stem for p in PATTERNS_DIR.glob("*.yaml"))


# ---------------------------------------------------------------- document types

def doc_types() -> list[dict]:
    return entries("doc_types")


@functools.cache
def _doc_type_codes() -> dict[str, str]:
    table = {}
    for e in doc_types():
        for code in e.get("codes") or []:
            table.setdefault(_nfc(code).upper(), e["name"])
    return table


@functools.cache
def _doc_type_words() -> dict[str, str]:
    table = {}
    for e in doc_types():
        for word in [e["name"], *(e.get("aliases") or [])]:
            table[_nfc(word).lower()] = e["name"]
    return table


def doc_type_by_code(code: str | None) -> str | None:
    return _doc_type_codes().get(_nfc(code or "").upper())


def canonical_doc_type(words: str | None) -> str | None:
    return _doc_type_words().get(" ".join(_nfc(words or "").lower().split()))


# ---------------------------------------------------------------- issuing bodies

@functools.cache
def issuer_codes() -> dict[str, dict]:
    table = {}
    for e in entries("issuers"):
        for code in [e["code"], *(e.get("variants") or [])]:
            table[_nfc(code).upper()] = e
    return table


# ---------------------------------------------------------------- provinces

def provinces() -> list[dict]:
    return entries("provinces")


def _fold(s: str) -> str:
    return " ".join(_nfc(s).lower().replace("-", " ").split())


@functools.cache
def _province_index() -> dict[str, dict]:
    index = {}
    for e in provinces():
        for alias in [e["name"], *(e.get("aliases") or [])]:
            index.setdefault(_fold(alias), e)
    return index


_PROVINCE_PREFIXES = ("thành phố ", "tp. ", "tp ", "tỉnh ")


def province_by_name(text: str | None) -> dict | None:
    key = _fold(text or "")
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):].strip()
            break
    return _province_index().get(key)


def province_full_name(name: str) -> str:
    """"Hải Phòng" → "thành phố Hải Phòng"; unknown names get "tỉnh"."""
    entry = province_by_name(name)
    kind = (entry or {}).get("kind", "tỉnh")
    return f"{kind} {entry['name'] if entry else name}"


# ---------------------------------------------------------------- example matchers

def register_matcher(file_stem: str) -> Callable[[Matcher], Matcher]:
    def wrap(fn: Matcher) -> Matcher:
        MATCHERS[file_stem] = fn
        return fn
    return wrap


def matches(file_stem: str, entry: dict, example: str) -> bool:
    import importlib
    for module in MATCHER_MODULES:
        importlib.import_module(module)
    matcher = MATCHERS.get(file_stem)
    if matcher is None:
        return _generic_example(entry, example)
    return matcher(entry, example)


def _generic_example(entry: dict, example) -> bool:
    import regex
    pattern = entry.get("pattern")
    if pattern and "replace" in entry and isinstance(example, (list, tuple)) and len(example) == 2:
        return regex.sub(pattern, entry["replace"], example[0], flags=regex.V1) == example[1]
    if pattern and isinstance(example, str):
        return regex.search(pattern, example, flags=regex.V1) is not None
    if isinstance(example, (list, tuple)):
        return all(isinstance(x, str) for x in example) and bool(example)
    return isinstance(example, str) and bool(example.strip())


@register_matcher("doc_types")
def _doc_type_example(entry: dict, example: str) -> bool:
    """The example names the type in words or carries one of its codes in a symbol."""
    import regex
    ex = _nfc(example)
    words = [entry["name"], *(entry.get("aliases") or [])]
    if any(regex.search(rf"(?<!\p{{L}}){regex.escape(w)}(?!\p{{L}})", ex, regex.I) for w in words):
        return True
    codes = "|".join(regex.escape(c) for c in entry.get("codes") or [])
    return bool(codes) and bool(regex.search(rf"(?<![\p{{L}}])(?:{codes})(?=[-/])", ex, regex.I))


@register_matcher("issuers")
def _issuer_example(entry: dict, example: str) -> bool:
    """The example is a symbol whose issuing part contains the code ("107/2021/NĐ-CP" for CP)."""
    import regex
    ex = _nfc(example)
    codes = "|".join(regex.escape(c) for c in [entry["code"], *(entry.get("variants") or [])])
    return bool(regex.search(rf"(?<![\p{{L}}])(?:{codes})(?![\p{{L}}])", ex, regex.I))


@register_matcher("provinces")
def _province_example(entry: dict, example: str) -> bool:
    """The example, as a place name, resolves to this entry."""
    found = province_by_name(example)
    return found is not None and found["name"] == entry["name"]
