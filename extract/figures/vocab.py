"""Units (patterns/units.yaml) and indicator keys (patterns/metrics.yaml), compiled once."""
from __future__ import annotations

import contextlib
import functools

import regex

from extract import patterns
from extract.figures.required_words import WordGate

_SUPER = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# between a number and its unit: spaces, a footnote mark ("04¹ đơn vị"), markdown emphasis
_GAP = regex.compile(rf"[\s*{_SUPER}]{{0,4}}")
_LETTER = regex.compile(r"\p{L}")


@functools.cache
def _unit_forms() -> list[tuple[str, str]]:
    forms = [(form, e["name"]) for e in patterns.entries("units") for form in e.get("forms") or []]
    return sorted(forms, key=lambda f: -len(f[0]))


@functools.cache
def _unit_regex() -> regex.Pattern:
    return _forms_regex([f for f, _ in _unit_forms()])


@functools.cache
def _unit_regex_by_start() -> dict[str, regex.Pattern]:
    """_unit_regex split by the casefolded first character of its forms: a match at one position
    tries only the forms that may start there (the whole alternation costs ≈3× more per miss).
    Whatever regex.I matches to a form's first character casefolds like it (a test checks every
    character), so no form that could match is left out."""
    by_start: dict[str, list[str]] = {}
    for form, _ in _unit_forms():
        by_start.setdefault(form[0].casefold()[0], []).append(form)
    return {c: _forms_regex(forms) for c, forms in by_start.items()}


def _forms_regex(forms: list[str]) -> regex.Pattern:
    # a PDF line may break inside a unit ("nhiệm\nvụ")
    alts = "|".join(regex.escape(f).replace("\\ ", r"\s+") for f in forms)
    return regex.compile(rf"(?:{alts})(?!\p{{L}}|\d)", regex.I)


@functools.cache
def _unit_names() -> dict[str, str]:
    return {f.lower(): name for f, name in _unit_forms()}


def unit_after(text: str, pos: int) -> tuple[str, int] | None:
    """(unit name, end offset) when a unit follows text[pos:] after a small gap."""
    gap = _GAP.match(text, pos, pos + 8)
    start = gap.end() if gap else pos
    unit_regex = _unit_regex_by_start().get(text[start:start + 1].casefold()[:1])
    m = unit_regex.match(text, start, min(len(text), start + 60)) if unit_regex else None
    if not m:
        return None
    return unit_name(m.group()), m.end()


def units_in(text: str) -> list[tuple[str, int, int]]:
    """Every unit word in text: (unit name, start, end)."""
    return list(_units_in(text))


@functools.lru_cache(maxsize=1024)  # table headers and labels come back cell after cell
def _units_in(text: str) -> tuple[tuple[str, int, int], ...]:
    return tuple((unit_name(m.group()), m.start(), m.end())
                 for m in _unit_regex().finditer(text)
                 if not _LETTER.match(text[m.start() - 1:m.start()] or " "))


def unit_name(form: str) -> str | None:
    return _unit_names().get(" ".join(form.lower().split()))


@functools.cache
def metric_entries() -> list[tuple[dict, regex.Pattern]]:
    out = []
    for e in patterns.entries("metrics"):
        alts = "|".join(f"(?:{p})" for p in e.get("patterns") or [])
        out.append((e, regex.compile(rf"(?<!\p{{L}})(?:{alts})(?!\p{{L}})", regex.I)))
    return out


@functools.cache
def metric_gate() -> WordGate:
    """Which metric_entries() patterns may match a text (by the words they require)."""
    return WordGate([pat for _, pat in metric_entries()])


@functools.cache
def unit_metrics(unit: str | None) -> tuple[list[tuple[dict, regex.Pattern]], WordGate]:
    """The metric_entries() a figure in `unit` may take, in order (an entry without units takes any),
    and a WordGate over them; most units (đơn vị, hồ sơ, người …) take none."""
    entries = [(e, pat) for e, pat in metric_entries() if not e.get("units") or unit in e["units"]]
    return entries, WordGate([pat for _, pat in entries])


@patterns.register_matcher("units")
def _unit_example(entry: dict, example: str) -> bool:
    """The example is a number followed by one of the entry's forms."""
    from extract.numerals import find_numerals
    nums = find_numerals(example)
    if not nums:
        return False
    if nums[0].percent:
        return entry["name"] == "%"
    found = unit_after(example, nums[0].end)
    return bool(found) and found[0] == entry["name"]


@patterns.register_matcher("metrics")
def _metric_example(entry: dict, example: str) -> bool:
    """The first figure with a unit in the example gets the entry's key."""
    from extract.figures.text import figures_in_text
    figs = figures_in_text(example)
    return any(f.key == entry["key"] for f in figs)


def _compile_now() -> None:
    """Compile at import: the batch's forkserver imports the pipeline once, so every worker it forks
    starts with the patterns compiled instead of compiling them on its first document."""
    with contextlib.suppress(Exception):  # a broken pattern file is reported where it is used
        _unit_regex()
        _unit_regex_by_start()
        metric_gate()
        for unit in {u for e, _ in metric_entries() for u in e.get("units") or ()}:
            unit_metrics(unit)


_compile_now()
