"""The supervisor's checklist as a section of the audit appendix (Word and Markdown).

Pure: ``checklist_section`` turns ``services.checklist.Checklist`` into headed tables and
notes in Norwegian (the appendix's language), which each writer lays out its own way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.diff import inline

TITLE = "Veilederens sjekkliste"


@dataclass(frozen=True)
class Part:
    heading: str
    header: list[str]
    rows: list[list[str]]
    notes: list[str]            # warnings under the table, one paragraph each


def _yes(ok: bool) -> str:
    return "ja" if ok else "MANGLER"


def _names(item) -> str:
    text = " → ".join(item.names) or "?"
    if item.merged_into:
        return f"{text} (slått sammen med {item.merged_into})"
    return text + (" (slettet)" if item.gone else "")


def checklist_section(check) -> list[Part]:
    """The checklist's parts in the order a supervisor reads them."""
    parts = [Part("Subgrupper: kondensat, gullsitat, analytisk tekst, validering",
                  ["Kodegruppe", "Subgruppe", "Enheter", "Kondensat", "Gullsitat",
                   "Analytisk tekst", "Sitater", "Lest i kontekst"],
                  [[s.code_group, s.subgroup, str(s.units),
                    _yes(bool(s.condensate.strip())), _yes(bool(s.golden_quote)),
                    f"{s.analytic_words} ord" if s.analytic_words else "MANGLER", str(s.quotes),
                    f"{s.validated + s.questioned}/{s.units}"
                    + (f" ({s.questioned} tvilsomme)" if s.questioned else "")]
                   for s in check.subgroups], [])]
    parts.append(Part("Sitater som avviker fra transkripsjonen",
                      ["Sitat", "Informant", "Hvor", "Endring ([-ut-] {+inn+})", "Umerket"],
                      [[str(q.quote_id), q.informant, q.subgroup, inline(q.words),
                        "; ".join(p.text for p in q.problems) or "–"] for q in check.quotes],
                      [] if check.quotes else ["Alle sitater har transkripsjonens ord."]))
    c = check.coverage
    parts.append(Part("Informanter × subgrupper", ["Subgruppe", *c.informants, "Tause"],
                      [[heading, *(str(c.cells.get((i, sid), 0)) for i in c.informants),
                        ", ".join(c.silent.get(sid, ())) or "–"] for sid, heading in c.subgroups],
                      [f"{who} siteres {n} ganger ({round(share * 100)} % av sitatene): "
                       "leserne kan kjenne personen igjen." for who, n, share in c.recognisable]))
    parts.append(Part("Transkripsjoner: kodet informanttekst og intervjuertekst i enheter",
                      ["Transkripsjon", "Informant", "Informantord", "Kodet andel",
                       "Intervjuerord i enheter"],
                      [[t.title, t.informant, str(t.informant_words),
                        f"{round(t.coded_share * 100)} %",
                        f"{t.interviewer_words_coded} i {t.units_with_interviewer_text} enheter"
                        if t.units_with_interviewer_text else "0"] for t in check.transcripts], []))
    rows = []
    for history in check.themes:
        theme = _names(history.theme) if history.theme else "(ikke fra et tema)"
        for group, subgroups in history.code_groups:
            for sub in subgroups or [None]:
                rows.append([theme, _names(group), _names(sub) if sub else "–"])
        for sub in history.subgroups:
            rows.append([theme, "–", _names(sub)])
        if not history.code_groups and not history.subgroups:
            rows.append([theme, "–", "–"])
    parts.append(Part("Temahistorikk: temaer → kodegrupper → subgrupper",
                      ["Tema", "Kodegruppe", "Subgruppe"], rows, []))
    d = check.data
    r = d.record
    notes = ([f"Samtykke mangler: {', '.join(d.missing_consent)}."] if d.missing_consent else []) + \
        ([f"Samtykke trukket: {', '.join(d.withdrawn)}."] if d.withdrawn else []) + \
        ([f"Planlagt slettedato {r.planned_deletion} er passert ({d.today}), og ingen sletting "
          "er registrert."] if d.deletion_passed else [])
    parts.append(Part("Datahåndtering", ["Felt", "Verdi"],
                      [[label, value or "(ikke registrert)"] for label, value in (
                          ("Sikt-referanse", r.sikt_ref), ("Etisk referanse (REK)", r.ethics_ref),
                          ("Opptak lagret", r.recordings_location),
                          ("Koblingsnøkkel lagret", r.key_location),
                          ("Planlagt sletting", r.planned_deletion),
                          ("Slettet", r.actual_deletion), ("Tilgang", ", ".join(r.access)))],
                      notes))
    return parts


#: What the trail calls an object, as the appendix names it.
OBJECT_NAMES = {"theme": "tema", "meaning_unit": "enhet", "code_group": "kodegruppe",
                "subgroup": "subgruppe", "condensate": "kondensat",
                "analytic_text": "analytisk tekst", "quote": "sitat", "document": "transkripsjon"}


def _object(entity: str, entity_id) -> str:
    if not entity or not entity_id:
        return "prosjektet"
    return f"{OBJECT_NAMES.get(entity, entity.replace('_', ' '))} {entity_id}"


def annotation_parts(threads, memos) -> list[Part]:
    """Comment threads (each comment and its answers, who resolved it) and memos."""
    rows = []
    for thread in threads:
        first = thread[0]
        state = (f"løst av {first.resolved_by} {first.resolved_at[:10]}" if first.resolved_at
                 else "åpen")
        for n, c in enumerate(thread):
            rows.append([_object(first.entity, first.entity_id) if n == 0 else "",
                         c.created_at[:16].replace("T", " "), c.author, c.text,
                         state if n == 0 else ""])
    return [Part("Kommentarer (veileder ↔ student)",
                 ["Gjelder", "Tid (UTC)", "Av", "Kommentar", "Status"], rows,
                 [] if rows else ["Ingen kommentarer."]),
            Part("Notater (memoer)", ["Gjelder", "Type", "Skrevet", "Notat"],
                 [[_object(m.entity, m.entity_id), m.kind, m.created_at[:10],
                   (m.title + ": " if m.title else "") + m.text] for m in memos],
                 [] if memos else ["Ingen notater."])]


def render_docx(b, check, threads=(), memos=()) -> None:
    """The checklist after the audit summary, then the comments and memos: a heading,
    then each part's table and notes."""
    b.heading(TITLE, 2)
    b.paragraph(f"Lest ved hendelse {check.seq} i kodesporet.")
    for n, part in enumerate(checklist_section(check) + annotation_parts(threads, memos)):
        if n == len(checklist_section(check)):
            b.heading("Kommentarer og notater", 2)
        b.heading(part.heading, 3)
        if part.rows:
            b.table(part.header, part.rows)
        for note in part.notes:
            b.paragraph(note)


def render_md(check, md_table, threads=(), memos=()) -> list[str]:
    out = [f"## {TITLE}", "", f"Lest ved hendelse {check.seq} i kodesporet.", ""]
    for part in checklist_section(check) + annotation_parts(threads, memos):
        out += [f"### {part.heading}", ""]
        if part.rows:
            out += [md_table(part.header, part.rows), ""]
        for note in part.notes:
            out += [note, ""]
    return out
