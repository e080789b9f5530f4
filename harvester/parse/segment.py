"""Digit runs whose cell borders were lost: every way to cut them into n numbers that the identities allow."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

Number = int | float
Valid = Callable[[list[Number]], bool]

MAX_DIGITS = 40
MAX_READINGS = 64
_TOKEN = re.compile(r"-?\d+(?:\.\d+)?")


def tokens(run: str) -> list[str]:
    """A value run cut at the borders it still shows: spaces and minus signs."""
    return _TOKEN.findall(run.replace("−", "-").replace(" -", " -"))


def _cuts(token: str, parts: int) -> list[list[str]]:
    """Ways to cut one token into `parts` numbers (no leading zeros; a sign or decimal stays whole)."""
    if parts == 1:
        bare = token.lstrip("-")
        return [[token]] if bare == "0" or not bare.startswith("0") or bare.startswith("0.") else []
    if "." in token or token.startswith("-"):
        head_sign = "-" if token.startswith("-") else ""
        body = token[len(head_sign) :]
        if "." in body:
            return []  # a decimal is only cut where its sign or a space shows the border
        return [[head_sign + first, *rest] for first, rest in _heads(body, parts)]
    return [[first, *rest] for first, rest in _heads(token, parts)]


def _heads(body: str, parts: int) -> list[tuple[str, list[str]]]:
    out = []
    for cut in range(1, len(body) - parts + 2):
        head = body[:cut]
        if len(head) > 1 and head.startswith("0"):
            continue
        for rest in _cuts(body[cut:], parts - 1):
            out.append((head, rest))
    return out


def _number(text: str) -> Number:
    return float(text) if "." in text else int(text)


def readings(toks: Sequence[str], n: int, valid: Valid | None = None, limit: int = MAX_READINGS) -> list[list[str]]:
    """Every cut of the tokens into n cells (as printed text) that `valid` accepts, at most `limit` + 1."""
    toks = list(toks)
    if not toks or len(toks) > n or sum(len(t) for t in toks) > MAX_DIGITS:
        return []
    out: list[list[str]] = []
    for alloc in _allocations([len(t.lstrip("-")) - 1 for t in toks], n - len(toks)):
        for combo in itertools.product(*(_cuts(t, 1 + k) for t, k in zip(toks, alloc, strict=True))):
            cells = [x for part in combo for x in part]
            if valid is None or valid([_number(x) for x in cells]):
                out.append(cells)
                if len(out) > limit:
                    return out
    return out


def _allocations(caps: list[int], extra: int) -> list[list[int]]:
    """Spread `extra` additional cuts over the tokens, at most caps[i] each."""
    if not caps:
        return [[]] if extra == 0 else []
    return [[k, *rest] for k in range(min(extra, caps[0]) + 1) for rest in _allocations(caps[1:], extra - k)]


def row_total_valid(values: list[Number]) -> bool:
    """t3: the last cell is the sum of the others."""
    return abs(sum(values[:-1]) - values[-1]) < 1e-9


def groups_valid(values: list[Number], size: int = 5) -> bool:
    """t4: each group's last cell is the sum of its first four."""
    return all(abs(sum(values[i : i + size - 1]) - values[i + size - 1]) < 1e-9 for i in range(0, len(values), size))
