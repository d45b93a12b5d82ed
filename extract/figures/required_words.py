"""Words a regex cannot match without: a substring test that rules a text out before the regex runs.

The status phrases of patterns/task_phrases.yaml are tried on every statement holding a digit, the
indicator patterns of patterns/metrics.yaml around every figure; a regex call costs far more than
`word in text`, and few texts hold all the words of a pattern.
"""
from __future__ import annotations

import re

import regex

_TOKEN = regex.compile(
    r"""\\\w(?:\{[^}]*\}|<[^>]*>)|\\[xuU][0-9a-fA-F]+|\\.  # escape: \p{L}, \g<name>, \u1ea1, \s
      | \[\^?\]?(?:\\.|[^\]])*\]                       # character class
      | \{[^}]*\}                                      # quantifier {1,5}, placeholder {N}
      | \((?:\?(?:P<\w+>|<?[=!]|[^)]*?[:)]))?         # group: (, (?:, (?P<n>, (?=, (?<!, (?i)
      | .""",
    regex.X | regex.S,
)
_QUANTIFIER = regex.compile(r"[?*+]|\{\d*,?\d*\}")
_TRANSPARENT = ("(", "(?:")  # groups whose text is part of the match (a lookaround's is not)


def required_words(source: str) -> list[tuple[str, ...]]:
    """Casefolded words (letters and digits: "766" is one) every match of `source` (a pattern without
    VERBOSE) holds, as groups: a match holds a word of each group.
    "(?:kỳ|năm)\\s+trước\\s+sang" → [("kỳ", "năm"), ("trước",), ("sang",)].
    Words in optional parts and lookarounds are left out; no group at all when no word is sure."""
    tokens = [m.group() for m in _TOKEN.finditer(source)]
    if any(t.startswith("(?") and t.endswith(")") for t in tokens):
        return []  # inline flags ("(?x)" would make spaces and "#" comments mean something else)
    groups, end = _branches(tokens, 0)
    return groups if end == len(tokens) else []


def _surest(groups: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The group least likely to occur by chance (its shortest word is the longest)."""
    return max(groups, key=lambda g: min(map(len, g)), default=())


def _branches(tokens: list[str], i: int) -> tuple[list[tuple[str, ...]], int]:
    """Word groups of the alternation starting at tokens[i] (a match holds a word of each group),
    and the index of its closing ")" or its end."""
    branches = []
    while True:
        groups, i = _sequence(tokens, i)
        branches.append(groups)
        if i >= len(tokens) or tokens[i] != "|":
            break
        i += 1
    if len(branches) == 1:
        return branches[0], i
    if not all(branches):
        return [], i
    return [tuple(dict.fromkeys(w for groups in branches for w in _surest(groups)))], i


def _sequence(tokens: list[str], i: int) -> tuple[list[tuple[str, ...]], int]:
    """Word groups of one branch (its plain words, its groups' words, leaving out optional parts),
    and the index where the branch ends."""
    groups: list[tuple[str, ...]] = []
    word = ""
    while i < len(tokens) and tokens[i] not in ("|", ")"):
        token, i = tokens[i], i + 1
        inner: list[tuple[str, ...]] = []
        if token.startswith("("):
            inner, i = _branches(tokens, i)
            i += 1  # the ")"
        optional = i < len(tokens) and bool(_QUANTIFIER.fullmatch(tokens[i]))
        if len(token) == 1 and token.isalnum() and not optional:
            word += token.casefold()
            continue
        if len(word) >= 2:
            groups.append((word,))
        word = ""
        if token in _TRANSPARENT and not optional:
            groups.extend(inner)
    if len(word) >= 2:
        groups.append((word,))
    return groups, i


class WordGate:
    """Which of some regexes may match a text: those whose required words it holds. Texts share few
    distinct sets of the words present, so the answer for each set is worked out once."""

    def __init__(self, patterns: list[regex.Pattern]) -> None:
        self._groups = [required_words(p.pattern) for p in patterns]
        self._words = tuple(dict.fromkeys(w for groups in self._groups for group in groups for w in group))
        # a text holding no word of any regex's surest group can match none: most texts are told so
        # by one search for these few words (stdlib re: 3× faster here) instead of a test per word
        cover = {w for groups in self._groups for w in _surest(groups)}
        self._cover = re.compile("|".join(map(re.escape, sorted(cover)))) if all(self._groups) else None
        self._answers: dict[frozenset[str], tuple[int, ...]] = {}

    def possible(self, text: str) -> tuple[int, ...]:
        """Indices of the regexes that may match in text, in order."""
        folded = text.casefold()
        if self._cover is not None and not self._cover.search(folded):
            return ()
        present = frozenset([w for w in self._words if w in folded])
        answer = self._answers.get(present)
        if answer is None:
            answer = self._answers[present] = tuple(
                i for i, groups in enumerate(self._groups)
                if all(not present.isdisjoint(group) for group in groups))
        return answer
