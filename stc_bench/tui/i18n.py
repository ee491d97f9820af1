"""Norwegian and English labels for the TUI: a small message catalogue.

English text is the key; ``tr`` returns the Norwegian (bokmål) version when the UI
language is Norwegian. The language comes from, in order: the config key
``language_ui``, the project setting ``language_ui``, then the locale (on Windows the user's
UI language, else ``locale.getlocale()``, then ``LC_ALL``/``LC_MESSAGES``/``LANG``; elsewhere
those variables first, then ``locale.getlocale()``; nb/nn/no → Norwegian). Values: ``nb``, ``en``.
"""

from __future__ import annotations

import locale
import os
import sys
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingsMap

from .catalogue import (
    ACTIONS,
    ERRORS_NB,
    EXCHANGE_COUNTS,
    IMPORT_FIRST_NB,
    IMPORT_PARTS_NB,
    IMPORT_WARNINGS_NB,
    NB,
    PLURALS_NB,
    QUOTE_PROBLEMS_NB,
    WARNINGS_NB,
)

if TYPE_CHECKING:
    from ..domain.errors import StcError
    from ..domain.quotes import QuoteProblem
    from ..domain.rules import MethodWarning
    from ..services.exchange import ExchangeSummary

NORWEGIAN = ("nb", "nn", "no")
_language = "en"


HELP_EN = {
    "overview": ("Overview",
                 "The project at a glance: the four steps of systematic text condensation with "
                 "their progress, the method warnings, and the transcripts with how much of each "
                 "is coded. Press 1–4 to go to a step; nothing stops you moving back and forth."),
    "step1": ("Step 1 — Total impression",
              "Read every transcript to get an overall impression, and write it in the "
              "total-impression memo. Name 4–8 preliminary themes: they may later become code "
              "groups or subgroups."),
    "step2": ("Step 2 — Meaning units",
              "Mark the passages that say something about the research question (meaning units), "
              "generously rather than sparingly, and sort each into one or more code groups. "
              "Code groups are a way to organise, not yet results."),
    "step3": ("Step 3 — Condensation",
              "Split each code group into 2–3 subgroups and assign its units to them. For each "
              "subgroup write a condensate — an artificial quotation in the first person, close to "
              "the informants' words — and pick the golden quote that illustrates it best."),
    "step4": ("Step 4 — Synthesis",
              "Rewrite each condensate as analytic text in the third person: this becomes the "
              "results chapter. Illustrate it with quotes and validate by re-reading every unit "
              "in its original context."),
    "coverage": ("Coverage",
                 "Who speaks in which subgroup: meaning units per informant and subgroup; a "
                 "dot marks an informant who is silent there. Below, how much of each "
                 "transcript's informant text is coded."),
    "records": ("Records",
                "The project's data-management record (ethics reference, where recordings and "
                "the key are kept, deletion dates, access), the informants with their "
                "non-identifying attributes and consent, and the interview guide versions."),
    "context": ("In context",
                "The meaning unit where it was said, with the turns around it. n/p move "
                "between the units shown; Esc takes you back to exactly where you were."),
}

HELP_NB = {
    "overview": ("Oversikt",
                 "Prosjektet i korte trekk: de fire trinnene i systematisk tekstkondensering med "
                 "fremdrift, metodevarsler og transkripsjonene med hvor mye av hver som er kodet. "
                 "Trykk 1–4 for å gå til et trinn; du kan fritt gå fram og tilbake."),
    "step1": ("Trinn 1 — Helhetsinntrykk",
              "Les alle transkripsjonene for å få et helhetsinntrykk, og skriv det i notatet. "
              "Navngi 4–8 foreløpige temaer: de kan senere bli kodegrupper eller subgrupper."),
    "step2": ("Trinn 2 — Meningsbærende enheter",
              "Marker tekstbitene som sier noe om problemstillingen (meningsbærende enheter), "
              "heller for mye enn for lite, og sorter hver i én eller flere kodegrupper. "
              "Kodegruppene er en måte å ordne på, ennå ikke resultater."),
    "step3": ("Trinn 3 — Kondensering",
              "Del hver kodegruppe i 2–3 subgrupper og fordel enhetene. Skriv et kondensat for "
              "hver subgruppe — et kunstig sitat i første person, nær informantenes ord — og "
              "velg gullsitatet som best illustrerer det."),
    "step4": ("Trinn 4 — Syntese",
              "Skriv hvert kondensat om til analytisk tekst i tredje person: det blir "
              "resultatkapitlet. Illustrer med sitater og valider ved å lese hver enhet på nytt "
              "i sin opprinnelige sammenheng."),
    "coverage": ("Dekning",
                 "Hvem som snakker i hvilken subgruppe: meningsbærende enheter per informant og "
                 "subgruppe; et punktum viser en informant som er taus der. Under: hvor mye av "
                 "hver transkripsjons informanttekst som er kodet."),
    "records": ("Registre",
                "Prosjektets datahåndtering (etisk referanse, hvor opptak og koblingsnøkkel "
                "oppbevares, slettedatoer, tilgang), informantene med ikke-identifiserende "
                "attributter og samtykke, og versjonene av intervjuguiden."),
    "context": ("I kontekst",
                "Den meningsbærende enheten der den ble sagt, med turene rundt. n/p går mellom "
                "enhetene som vises; Esc tar deg tilbake dit du var."),
}


#: Windows language ids (LANGID, primary language 0x14 = Norwegian) and their locale names.
WINDOWS_NORWEGIAN = {0x0414: "nb_NO", 0x0814: "nn_NO"}


def windows_ui_locale() -> str | None:
    """The Windows user's display language as a locale name (``nb_NO``), or None."""
    try:
        import ctypes

        langid = int(ctypes.windll.kernel32.GetUserDefaultUILanguage())  # type: ignore[attr-defined]
    except (ImportError, AttributeError, OSError, ValueError):
        return None
    if langid & 0x3FF == 0x14:  # any Norwegian: bokmål, nynorsk, the neutral ids
        return WINDOWS_NORWEGIAN.get(langid, "nb_NO")
    return "en" if langid else None  # a language the UI has no labels for


def system_locale(platform: str | None = None) -> str | None:
    """The platform's own locale: on Windows the user's UI language, else ``getlocale()``."""
    if (platform or sys.platform) == "win32" and (ui := windows_ui_locale()):
        return ui
    try:
        return locale.getlocale()[0]
    except ValueError:  # an unparseable locale setting
        return None


def _language_of(name: str | None) -> str | None:
    """``nb``/``en`` for a locale name (``nb_NO.UTF-8``, ``Norwegian Bokmål_Norway``; ``C``
    is English, as in gettext), None when unset."""
    name = (name or "").strip().lower()
    if not name:
        return None
    return "nb" if name.startswith(NORWEGIAN) else "en"  # "norwegian…" starts with "no"


def locale_language(environ: dict[str, str] | None = None, platform: str | None = None) -> str:
    """``nb`` when the locale is Norwegian (nb, nn, no), else ``en``.

    On Windows the platform's answer comes first: Windows sets no ``LANG`` (only some
    shells do, such as Git Bash), and the display language is what the user reads. Elsewhere ``LC_ALL``/``LC_MESSAGES``/``LANG`` come
    first, as they are what ``getlocale()`` is made from, and it loses them (``C.UTF-8``
    reads as ``en_US``, a Norwegian locale not installed on the server as ``C``)."""
    env = os.environ if environ is None else environ
    from_env = [env.get(var) for var in ("LC_ALL", "LC_MESSAGES", "LANG")]
    windows = (platform or sys.platform) == "win32"
    system = system_locale(platform)
    for name in ([system, *from_env] if windows else [*from_env, system]):
        if found := _language_of(name):
            return found
    return "en"


def choose_language(config: dict[str, Any], settings: dict[str, Any],
                    environ: dict[str, str] | None = None) -> str:
    """The UI language: config ``language_ui``, project setting, then the locale."""
    for source in (config, settings):
        value = str(source.get("language_ui", "") or "").lower()
        if value:
            return "nb" if value.startswith(NORWEGIAN) else "en"
    return locale_language(environ)


def set_language(language: str) -> None:
    """Make ``language`` (``nb`` or ``en``) the UI language for what is built next."""
    global _language
    _language = "nb" if language.lower().startswith(NORWEGIAN) else "en"


def language() -> str:
    return _language


def tr(text: str) -> str:
    """``text`` in the UI language (English is the key)."""
    return NB.get(text, text) if _language == "nb" else text


def plural(count: int, one: str, other: str) -> str:
    """The form for ``count``: ``one`` for exactly one (in bokmål and English alike: "1
    meningsbærende enhet", "0 enheter", "12 enheter"), else ``other``."""
    return one if count == 1 else other


def counted(count: int, one: str, other: str, **fields: Any) -> str:
    """A count and its noun in the UI language, filled in: the English templates (with
    ``{n}``) ``one`` and ``other`` are together the key of their Norwegian pair in
    ``PLURALS_NB`` (English "uncoded" has one form, Norwegian "ukodet"/"ukodede" two), and
    ``plural`` picks the form ("1 foreløpig tema", "3 foreløpige temaer", never "tema(er)")."""
    if _language == "nb":
        one, other = PLURALS_NB[(one, other)]
    return plural(count, one, other).format(n=count, **fields)


def warning_text(warning: MethodWarning) -> str:
    """A method warning in the UI language: the command line's English sentence, or its
    Norwegian wording in the form its count takes."""
    if _language != "nb":
        return warning.text
    one, other = WARNINGS_NB[warning.kind]
    return plural(warning.count, one, other).format(name=warning.name, count=warning.count)


def problem_text(problem: QuoteProblem) -> str:
    """An unmarked edit in a quote, in the UI language."""
    if _language != "nb":
        return problem.text
    return QUOTE_PROBLEMS_NB[problem.kind].format(words=problem.words)


def import_warning_text(warning: str) -> str:
    """A reader's import warning in the UI language: one with figures
    (``ingest.import_warnings.ImportWarning``) worded from its kind and values in the form
    its number takes, a plain one through the catalogue."""
    kind = getattr(warning, "kind", None)
    if _language != "nb" or kind not in IMPORT_WARNINGS_NB:
        return tr(warning)
    number, what, excerpt = warning.number, warning.what, warning.excerpt  # type: ignore[attr-defined]
    first = plural(number, *IMPORT_FIRST_NB).format(excerpt=excerpt) if excerpt.strip() else ""
    return plural(number, *IMPORT_WARNINGS_NB[kind]).format(
        count=number, what=plural(number, *IMPORT_PARTS_NB.get(what, (what, what))), first=first)


def exchange_lines(summary: ExchangeSummary) -> list[str]:
    """A REFI-QDA import's summary in the UI language: English is ``summary.lines()``
    (what ``import-qdpx`` prints); in Norwegian the counts take their nouns' forms and the
    headings are worded, while each item (what was left out and why) stays English."""
    if _language != "nb":
        return summary.lines()
    counts = ", ".join(counted(n, *EXCHANGE_COUNTS[what]) if what in EXCHANGE_COUNTS
                       else f"{n} {what}" for what, n in summary.counts.items())
    out = [tr("imported: {counts}").format(counts=counts or tr("nothing"))]
    for heading, items in (("not imported (not supported): {n}", summary.unsupported),
                           ("quarantined selections (positions do not line up; not stored): {n}",
                            summary.quarantined), ("warnings: {n}", summary.warnings)):
        if items:
            out.append(tr(heading).format(n=len(items)))
            out += [f"  - {item}" for item in items]
    return out


def error_text(error: StcError) -> str:
    """A user error in the UI language: the commonest of steps 1–4 (``ERRORS_NB``, by the
    error's ``kind``) in Norwegian, the rest — and every one in English — as the command
    line prints it."""
    if _language != "nb" or error.kind not in ERRORS_NB:
        return str(error)
    values = dict(error.values)
    if "what" in values:
        values["what"] = tr(values["what"]).capitalize()
    if "problem" in values:
        values["problem"] = problem_text(values["problem"])
    return ERRORS_NB[error.kind].format(**values)


def action_label(action: str) -> str:
    """What an event of the trail did, in the UI language (``unit.create`` → "marked a
    meaning unit"): undo and redo say it without the service layer's English message."""
    return tr(ACTIONS.get(action, action))


def help_text(step: str) -> tuple[str, str]:
    """The title and two-sentence explanation of a step, in the UI language."""
    table = HELP_NB if _language == "nb" else HELP_EN
    return table.get(step, table["overview"])


HELP_BINDING = Binding("question_mark", "app.help", "Help", id="help_first", key_display="?",
                       tooltip="What this screen is about and its keys")


def localise_bindings(node: Any, help_first: bool = True) -> None:
    """Rebuild ``node``'s bindings with descriptions in the UI language, ``?`` first so the
    footer always shows it however narrow the terminal."""
    items = [binding for _key, binding in node._bindings]
    if help_first and not any(b.key == "question_mark" for b in items):
        items.insert(0, HELP_BINDING)
    node._bindings = BindingsMap(_translated(b) for b in items)


def _translated(binding: Binding) -> Binding:
    from dataclasses import replace

    if not binding.description:
        return binding
    group = binding.group
    if group is not None:
        group = Binding.Group(tr(group.description), compact=group.compact)
    return replace(binding, description=tr(binding.description), group=group)
