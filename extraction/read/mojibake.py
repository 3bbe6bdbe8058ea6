"""Mojibake: UTF-8 text decoded as a single-byte code page and saved again (``Ø§Ù„`` for ``ال``),
repaired run by run when the repair reads as Arabic, else only suspected.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

LANGUAGE_SAMPLE = 100_000


@dataclass(frozen=True)
class _Mojibake:
    codec: str  # the code page the UTF-8 bytes were wrongly read as
    byte_of: dict  # character -> the byte it came from
    run_re: re.Pattern  # a whole non-ASCII run that is a sequence of lead and continuation characters
    signature_re: re.Pattern  # a lead character of an Arabic UTF-8 sequence, then a continuation


def _byte_map(codec: str) -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            char = chr(byte)  # cp1252's five holes: what Latin-1 decoders leave there
        table.setdefault(char, byte)
    if codec == "cp1252":  # read as Latin-1 instead: C1 controls
        for byte in range(0x80, 0xA0):
            table.setdefault(chr(byte), byte)
    return table


def _char_class(chars: Iterable[str]) -> str:
    return "".join(re.escape(c) for c in sorted(chars))


@cache
def _mojibake_kinds() -> tuple[_Mojibake, ...]:
    kinds = []
    for codec in ("cp1256", "cp1252"):
        byte_of = _byte_map(codec)
        leads = [c for c, b in byte_of.items() if 0xC2 <= b <= 0xF4]
        continuations = [c for c, b in byte_of.items() if 0x80 <= b <= 0xBF]
        # the first byte of a character of the Arabic block (D8-DB); of "Ø"/"Ù" themselves, for text garbled twice
        arabic_leads = [c for c, b in byte_of.items() if 0xD8 <= b <= 0xDB or (codec == "cp1252" and b in (0xC2, 0xC3))]
        # punctuation that really follows a letter in Arabic text ("الأوسط،", "حفظ»") is no signature
        loose = set("،؛؟«»\u00a0")
        strict = [c for c in continuations if c not in loose]
        if codec == "cp1252":
            strict.append("\ufffd")  # a byte lost when the wrong reading was saved
        lead, cont = _char_class(leads), _char_class(continuations)
        kinds.append(
            _Mojibake(
                codec,
                byte_of,
                re.compile(f"(?<![^\\x00-\\x7f])(?:[{lead}][{cont}]+)+[{lead}]?(?![^\\x00-\\x7f])"),
                re.compile(f"[{_char_class(arabic_leads)}][{_char_class(strict)}]"),
            )
        )
    return tuple(kinds)


def _plausible_repair(text: str, symbols_ok: bool = False) -> bool:
    """What a repaired run decodes to: Arabic, with punctuation and symbols, and no other letter;
    or, with ``symbols_ok`` (in a text found garbled), punctuation and symbols alone ("•", "©", emoji).

    (Surrogates stand for bytes left as they were: see ``_decode_once``.)
    """
    arabic = False
    for char in text:
        code = ord(char)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF or 0xFB50 <= code <= 0xFEFE:
            arabic = True
            continue
        category = unicodedata.category(char)
        if category[0] in "SPZ" or category in ("Cf", "Cs", "Nd", "No") or char == "\ufe0f":
            continue
        return False  # a Latin letter, a control character ...: this was no garbled Arabic
    return arabic or symbols_ok


def _decode_once(run: str, kind: _Mojibake) -> tuple[str, int]:
    """The run's characters as the bytes they were, decoded as UTF-8: ``(text, characters restored)``.

    Bytes that are no UTF-8 where they stand keep the character they were.
    """
    decoded = bytes(kind.byte_of[c] for c in run).decode("utf-8", "surrogateescape")
    out, position, restored = [], 0, 0
    for char in decoded:
        if "\udc80" <= char <= "\udcff":
            out.append(run[position])
            position += 1
        else:
            position += len(char.encode("utf-8"))
            if char != "\ufeff":  # a byte order mark caught in the mess is not text
                out.append(char)
            restored += 1
    return "".join(out), restored


def _repair_run(run: str, kind: _Mojibake, symbols_ok: bool = False) -> tuple[str, int]:
    """The run decoded once as the UTF-8 it was, and how many characters that restored;
    ``(run, 0)`` unless the result is Arabic (or, with ``symbols_ok``, symbols), or garbled again."""
    decoded, restored = _decode_once(run, kind)
    if not restored:
        return run, 0
    if not _plausible_repair(decoded, symbols_ok) and not kind.run_re.fullmatch(decoded):
        return run, 0  # neither Arabic nor garbled again (the next pass will take that one)
    return decoded, restored


@dataclass(frozen=True, slots=True)
class MojibakeRepair:
    text: str
    restored: int  # characters restored
    codecs: tuple[str, ...]  # the code pages the text had been wrongly read as
    suspected: bool  # still looks double-encoded after the repair


def repair_mojibake(text: str) -> MojibakeRepair:
    """Undo UTF-8 read as Windows-1256 (or -1252 / Latin-1) and saved again, word by word.

    A word is restored only when it is wholly made of such pairs, its bytes are
    valid UTF-8 and they decode to Arabic; at least two restored characters are
    needed to touch a text at all (one Arabic letter followed by "»" can happen).
    Text garbled twice (or three times) is repaired a level at a time, while the
    whole text still shows the signature of garbled Arabic.
    """
    kinds = _mojibake_kinds()
    restored_total, used = 0, []
    unsigned: set[str] = set()  # the kinds whose signature the text, as it now is, does not show
    for _ in range(3):
        changed = False
        unsigned = set()
        for kind in kinds:
            if not kind.signature_re.search(text):
                unsigned.add(kind.codec)
                continue
            counts = [0]

            def fix(match: re.Match[str], kind: _Mojibake = kind, counts: list[int] = counts, symbols_ok: bool = False) -> str:
                repaired, restored = _repair_run(match.group(), kind, symbols_ok)
                counts[0] += restored
                return repaired

            kind.run_re.sub(fix, text)
            if counts[0] >= 2:
                # garbled for sure: the symbols and punctuation garbled with it are repaired too ("â€¢" is "•")
                counts[0] = 0
                candidate = kind.run_re.sub(lambda match: fix(match, kind, counts, True), text)  # noqa: B023 (used at once)
                text, restored_total, changed = candidate, restored_total + counts[0], True
                unsigned = set()  # searched in the text before this repair
                if kind.codec not in used:
                    used.append(kind.codec)
        if not changed:
            break
    # a signature searched for in vain in the whole text is not in its head either (nor searched again)
    head = text[:LANGUAGE_SAMPLE]
    left = sum(len(kind.signature_re.findall(head)) for kind in kinds if kind.codec not in unsigned or len(text) > LANGUAGE_SAMPLE)
    suspected = left >= 3 or (restored_total > 0 and left > 0)  # once garbled, any trace left is damage
    return MojibakeRepair(text, restored_total, tuple(used), suspected)
