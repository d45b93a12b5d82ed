"""patterns/header.yaml, loaded once: bodies, authority prefixes, signer titles, openers, proper words."""
from __future__ import annotations

import functools

import regex

from extract import patterns


@functools.cache
def by_kind(kind: str) -> list[dict]:
    return [e for e in patterns.entries("header") if e.get("kind") == kind]


@functools.cache
def body_forms() -> list[tuple[str, dict]]:
    """(FORM IN CAPITALS, entry), longest form first so "TỔNG CỤC" wins over "CỤC"."""
    forms = [(f.upper(), e) for e in by_kind("body") for f in e.get("forms") or [e["name"].upper()]]
    return sorted(forms, key=lambda fe: -len(fe[0]))


@functools.cache
def titles() -> list[tuple[str, str]]:
    """(TITLE IN CAPITALS, spelled title), longest first ("PHÓ CHỦ TỊCH" before "CHỦ TỊCH")."""
    pairs = [(e["name"].upper(), e["name"]) for e in by_kind("title")]
    return sorted(pairs, key=lambda p: -len(p[0]))


@functools.cache
def authority_pattern() -> regex.Pattern:
    names = "|".join(regex.escape(e["name"].rstrip(".")) for e in by_kind("authority"))
    return regex.compile(rf"^\s*(?:{names})\s*[.,]\s*", regex.I)


@functools.cache
def opener_pattern() -> regex.Pattern:
    openers = sorted(by_kind("opener"), key=lambda e: -len(e["name"]))
    words = "|".join(regex.escape(e["name"]) for e in openers)
    return regex.compile(rf"^\s*(?:{words})(?!\p{{L}})")


@functools.cache
def proper_words() -> list[str]:
    return sorted((e["name"] for e in by_kind("proper")), key=len, reverse=True)
