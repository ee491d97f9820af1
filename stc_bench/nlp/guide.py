"""The interview guide in the analysis: its questions, code groups proposed from it
(template analysis), and the warning when a theme only restates a question (guide echo).

Malterud warns that preliminary themes taken from the interview guide's questions steer the
analysis back to what was asked instead of what was said. A name *echoes* a question when
most of its content words share their lemma (or a stem, ``opplevelse`` ~ ``oppleve``) with
the question's. This is a warning for the student to look again, never a block.

    >>> from stc_bench.nlp.guide import guide_echoes
    >>> [e.question for e in guide_echoes([(1, "Opplevelse av jobbspesialisten")],
    ...     "1. Hvordan opplever du jobbspesialisten?\\n2. Hva gjør du på fritiden?")]
    ['Hvordan opplever du jobbspesialisten?']
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Function words (Bokmål and Nynorsk) that say nothing about what a theme is about.
FUNCTION_WORDS = frozenset("""
    og i jeg det at en et den til er som på de med han av ikke der så var meg seg men
    ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan
    hans hvor eller hva skal selv sjøl her alle vil bli ble blitt kunne inn når være vært kom
    noen noe ville dere deg hvordan hvorfor hvem hvilken hvilke hvilket din ditt dine
    deres sine sitt mot mellom under etter før uten også bare enn mer mest få fikk
    ein eit eg ikkje kva korleis kvifor kven me dei dykk ho sjølv frå berre no
    å seg dette disse denne slik sånn mye mange litt noen gang ganger
    fortelle beskrive si tenke synes
""".split())

_WORD = re.compile(r"\w+", re.UNICODE)
_LETTERED = re.compile(r"^\s*\(?[a-zA-Z][.)]\s+")
_CLOSING = re.compile(r"\b(legge til|leggje til|noe (mer|annet)|noko (meir|anna))\b", re.I)
_ADDRESSED = frozenset({"du", "deg", "dere", "dykk", "De", "man"})
_NUMBERING = re.compile(r"^\s*(?:[-–•*]|\(?\d+[.)]|\(?[a-zA-Z][.)])\s+")
#: Share of a name's content words that must match one question for it to echo.
ECHO_SHARE = 0.67
STEM = 5  # shortest shared beginning that counts as the same stem


@dataclass(frozen=True)
class Echo:
    item_id: int
    name: str
    question_no: int  # 1-based, in the order the guide asks
    question: str
    share: float


def guide_questions(text: str, *, main_only: bool = False) -> list[str]:
    """The guide's questions: every line that asks something, its numbering stripped.
    ``main_only``: leave out follow-up questions (indented, or lettered ``a)``)."""
    questions = []
    for raw in text.splitlines():
        line = _NUMBERING.sub("", raw).strip()
        if not line.endswith("?") or len(_WORD.findall(line)) < 2:
            continue
        if main_only and (raw[:1].isspace() or _LETTERED.match(raw)):
            continue
        questions.append(line)
    return questions


def propose_code_groups(text: str) -> list[tuple[str, str]]:
    """Template analysis: a code group per main question of the guide, as ``(name,
    question)``; the name is the question's topic (``Hvordan opplever du samarbeidet med
    jobbspesialisten?`` → ``Samarbeidet med jobbspesialisten``), for the student to
    accept, rename or drop."""
    proposals, seen = [], set()
    for question in guide_questions(text, main_only=True):
        if _CLOSING.search(question):
            continue  # "Er det noe du vil legge til?" asks for anything else, not a topic
        name = _topic(question)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            proposals.append((name, question))
    return proposals


def _topic(question: str) -> str:
    words = question.rstrip("?").split()
    if ":" in question.split("?")[0] and question.index(":") < len(question) // 2:
        words = question.rstrip("?").split(":", 1)[1].split()  # "Avslutning: Er det noe …"
    i = 0
    while i < len(words) - 1:
        word = words[i].casefold().strip(",.")
        following = words[i + 1].casefold().strip(",.")
        if word in FUNCTION_WORDS or following in _ADDRESSED:  # "opplever du", "motiverer deg"
            i += 1
            continue
        break
    topic = " ".join(words[i:]).strip(" ,.")
    return topic[:1].upper() + topic[1:] if topic else ""


def content_lemmas(text: str) -> tuple[str, ...]:
    from .lemmatizer import lemma_of  # the lemma tables load on first use

    found = []
    for word in _WORD.findall(text.casefold()):
        if word.isdigit() or len(word) < 2 or word in FUNCTION_WORDS:
            continue
        lemma = lemma_of(word).casefold()
        if lemma not in FUNCTION_WORDS:
            found.append(lemma)
    return tuple(dict.fromkeys(found))


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    shared = len(os.path.commonprefix([a, b]))
    shorter = min(len(a), len(b))
    # opplevelse ~ oppleve, motivasjon ~ motivere, jobbspesialist ~ jobbspesialisten
    return shared >= STEM and shared >= 0.6 * shorter


def guide_echoes(items: Iterable[tuple[int, str]], guide_text: str) -> list[Echo]:
    """For each ``(id, name)`` that echoes a question of the guide, the question it echoes
    most (ties: the first asked)."""
    questions = [(q, content_lemmas(q)) for q in guide_questions(guide_text)]
    echoes = []
    for item_id, name in items:
        words = content_lemmas(name)
        if not words:
            continue
        best: tuple[float, int, str] | None = None
        for number, (question, asked) in enumerate(questions, start=1):
            share = sum(any(_same(w, a) for a in asked) for w in words) / len(words)
            if share >= ECHO_SHARE and (best is None or share > best[0]):
                best = (share, number, question)
        if best is not None:
            echoes.append(Echo(item_id, name, best[1], best[2], round(best[0], 2)))
    return echoes


def echo_warning(kind: str, echo: Echo) -> str:
    """The one-line method warning (English; the TUI has its own wording)."""
    return (f"{kind} {echo.name!r} mostly repeats interview-guide question {echo.question_no} "
            f"(«{echo.question}»): is it what the informants said, or what they were asked?")


def newest_guide(wb):
    """The newest interview-guide version that has text, or None: the one the warnings and
    the proposals read (the CLI, status and step 1 alike)."""
    from ..domain.model import InterviewGuide

    guides = [g for g in wb.list(InterviewGuide, "version") if g.text.strip()]
    return guides[-1] if guides else None


def project_echoes(wb) -> list[tuple[str, Echo]]:
    """Themes and code groups of a project that echo its newest interview guide's questions,
    as ``(kind, echo)`` with kind ``theme`` or ``code group``. Nothing without a guide text."""
    from ..domain.model import CodeGroup, Theme

    guide = newest_guide(wb)
    if guide is None:
        return []
    text = guide.text
    found = [("theme", e) for e in guide_echoes(((t.id, t.name) for t in wb.list(Theme, "position")
                                                 if not t.promoted_to), text)]
    found += [("code group", e) for e in guide_echoes(((g.id, g.name) for g in wb.list(CodeGroup)),
                                                      text)]
    return found
