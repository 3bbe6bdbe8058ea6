"""The attribution of a fact: who makes the claim.

The speaker or source of the sentence: the name phrase after a verb of saying up to its
complement ("قال المتحدث باسم البنتاغون جون كيربي إن"), the subject before the verb ("وكانت
السفارة الأمريكية قد أعلنت"), the phrase after "بحسب"/"وفقا لـ" up to the end of the clause; a
figure takes the nearest cue before it in its sentence, else a source or a closing speaker after
it ("...، بحسب مصادر أمنية."); a verb with no name ("وأضاف أن") speaks for the last named speaker
(``data/attribution_cues.tsv``, ``data/phrase_stops.tsv``). The cues of a text are found once.
"""
from __future__ import annotations

import bisect
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from typing import NamedTuple, cast

from arqam.extraction.typing import vocabulary as vocab
from arqam.extraction.typing.phrases import subject_after, subject_before
from arqam.extraction.typing.text import Text, has_key_in, verb_readings, word_reading

_TEXT_OF = attrgetter("text")

SPEAKER_MAX = 10  # tokens of a speaker phrase
CARRY_SENTENCES = 3  # "وأضاف أن" speaks for a speaker named this many sentences back at most


class _Cue(NamedTuple):
    at: int  # token index of the verb or preposition
    sentence: int
    phrase: str  # the speaker or source ("" for a bare verb)
    backwards: bool  # may attribute a figure before it in its sentence (بحسب ...، ...، قال مسؤول.)


class Attributions:
    """The attribution cues of one text and, for each, the named cues around it."""

    def __init__(self, t: Text) -> None:
        self.t = t
        self.cues = find_cues(t)
        self.cue_indices = [c.at for c in self.cues]
        self.named_before, self.named_after = named_links(self.cues)

    def of(self, before: int, sentence: int) -> str:
        """The attribution of the figure whose first token is ``before``, in sentence ``sentence``."""
        return attribution(self, before, sentence)


@lru_cache(maxsize=1 << 17)
def cue_kind(word: str) -> str | None:
    """What ``word`` is as an attribution cue (data/attribution_cues.tsv): a verb of saying, a
    participle, a source preposition, or nothing; read once per distinct word, across articles."""
    table = vocab.attribution_cues()
    keys, _definite = word_reading(word)
    kind = next((table[r] for r in verb_readings(keys[0]) if table.get(r) in ("speech", "participle")), None)
    return kind or next((table[k] for k in keys if table.get(k) == "source"), None)


def find_cues(t: Text) -> list[_Cue]:
    cues = []
    kinds = list(map(cue_kind, map(_TEXT_OF, t.tokens)))  # few words are cues: only they are looked at
    for index, kind in compress(enumerate(kinds), kinds):
        phrase, bare, closing = speaker(t, index, cast(str, kind))
        if phrase or bare:
            cues.append(_Cue(index, t.token_sentence[index], phrase, kind == "source" or closing))
    return cues


def named_links(cues: list[_Cue]) -> tuple[list[int], list[int]]:
    """For each cue, the last named one at or before it, and the first one at or after it that
    may attribute a figure before it (a source, or a speaker that closes its clause)."""
    before, last = [], -1
    for k, cue in enumerate(cues):
        if cue.phrase:
            last = k
        before.append(last)
    after, nxt = [0] * len(cues), -1
    for k in range(len(cues) - 1, -1, -1):
        if cues[k].phrase and cues[k].backwards:
            nxt = k
        after[k] = nxt
    return before, after


def speaker(t: Text, cue: int, kind: str) -> tuple[str, bool, bool]:
    """(the speaker or source the cue names, whether the cue is bare, whether the name closes the
    clause). After a verb of saying the name runs to its complement (إن، أن، :، a quote, a comma,
    في بيان، لوكالة ...): "قال المتحدث باسم البنتاغون جون كيربي إن". With no name after it, the
    subject before the verb ("وكانت السفارة قد أعلنت"); with none at all ("وأضاف أن") the cue is
    bare. When an object follows the verb instead of a complement ("أكد الوفدان التزامهما"، "تعلن
    حزمة مساعدات"), the subject is its noun phrase after the verb, or before it for a verb in the
    present tense (headlines: "واشنطن تعلن")."""
    tokens = t.tokens
    index = cue + 1
    strip_lam = False
    if kind == "source":
        while index < len(tokens) and t.linked(index) and tokens[index].folded in ("عن", "ل"):
            index += 1
        if index < len(tokens) and t.linked(index) and t.role(index) == "relative":
            return "", False, False  # بحسب ما أفادت ...: the verb that follows is the cue
        strip_lam = tokens[cue].folded.endswith(("وفقا", "طبقا", "وفق"))
    picked: list[int] = []
    end = "max"  # what ended the phrase: clause, complement, stop, object, or max (no end found)
    while index < len(tokens) and len(picked) < SPEAKER_MAX:
        token = tokens[index]
        role = t.role(index)
        if not t.same_sentence(cue, index) or token.clause_break_before or token.quote_before:
            end = "clause"
        elif role == "complement":
            end = "complement"
        elif (
            t.in_date[index]
            or role in ("preposition", "time", "relative", "be", "particle", "conjunction")
            or (frame_starts(t, index) and (picked or kind != "source"))
        ):
            end = "stop"
        elif (
            t.in_quantity[index]
            or (kind != "source" and (t.cue(index) or t.is_masdar(index)))
            or (role != "keep" and picked and weak_stop(t, index))
        ):
            end = "object"
        if end != "max":
            break
        picked.append(index)
        index += 1
    else:
        if index >= len(tokens):
            end = "clause"
    closing = end == "clause" or (end == "stop" and clause_ends_soon(t, index))
    if kind == "source":
        if picked and end in ("clause", "complement", "stop"):
            phrase = t.span(picked[0], picked[-1])
            return (_without_lam(phrase) if strip_lam else phrase), False, True
        return "", False, False
    participle = kind == "participle"
    if picked and (end in ("clause", "complement", "stop") or (end == "object" and t.cue(index))):
        return t.span(picked[0], picked[-1]), False, closing  # "أعلنت الشرطة إصابة 12"
    if not picked:
        phrase = "" if participle else subject_before(t, cue)
        return phrase, not phrase, False
    if participle:
        return "", True, False
    return subject_before(t, cue) or subject_after(t, cue), False, False


def clause_ends_soon(t: Text, index: int) -> bool:
    """Nothing that a verb of saying introduces (a complement, a figure, a predicate) comes
    before the end of the clause: "...، وفق ما أفاد مصدر عسكري لـ(بترا)."."""
    for i in range(index, min(index + SPEAKER_MAX, len(t.tokens))):
        if i > index and not t.linked(i):
            return True
        if t.role(i) == "complement" or t.in_quantity[i] or t.cue(i) or t.is_masdar(i):
            return False
    return index + SPEAKER_MAX >= len(t.tokens)


def frame_starts(t: Text, index: int) -> bool:
    """"في بيان"، "خلال مؤتمر صحفي"، "لوكالة الأنباء"، "لـ"بغداد اليوم"": where it was said."""
    token = t.tokens[index]
    frames = vocab.frames()
    if token.folded.startswith("ل") and has_key_in(token, frames):
        return True
    if token.folded in ("في", "خلال", "عبر", "ضمن") and index + 1 < len(t.tokens) and t.linked(index + 1):
        return has_key_in(t.tokens[index + 1], frames)
    return False


def weak_stop(t: Text, index: int) -> bool:
    """A word that cannot continue a name but does not end a speaker phrase properly: a
    preposition with a verbal noun (بتطوير، بالتزام), a noun with a pronoun (التزامهما)."""
    folded = t.tokens[index].folded
    if folded.startswith("بال") or (folded.startswith("بت") and len(folded) > 4):
        return True
    return t.suffixed(index)


def attribution(a: Attributions, before: int, sentence: int) -> str:
    k = bisect.bisect_left(a.cue_indices, before) - 1
    if k >= 0 and a.cues[k].sentence == sentence:
        cue = a.cues[k]
        if cue.phrase:
            return cue.phrase
        named = a.named_before[k]
        if named >= 0 and sentence - a.cues[named].sentence <= CARRY_SENTENCES:
            return a.cues[named].phrase
        return ""
    if k + 1 < len(a.cues):
        later = a.named_after[k + 1]
        if later >= 0 and a.cues[later].sentence == sentence:
            return a.cues[later].phrase
    return ""



def _without_lam(phrase: str) -> str:
    """"للبيان المشترك" → "البيان المشترك", "لوزارة الدفاع" → "وزارة الدفاع" (after وفقا/طبقا)."""
    if phrase.startswith("لل") and len(phrase.split()[0]) > 3:
        return "ال" + phrase[2:]
    if phrase.startswith("ل") and len(phrase.split()[0]) > 3:
        return phrase[1:]
    return phrase
