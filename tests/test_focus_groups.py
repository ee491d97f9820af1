"""Focus groups: each speaker of a group transcript is an informant of their own."""

from __future__ import annotations

import json

import pytest

from stc_bench.cli import main
from stc_bench.domain.model import Informant, SpeakerInformant, Turn
from stc_bench.export.chapter import build_chapter
from stc_bench.export.snapshot import load_snapshot
from stc_bench.export.tables import build_matrix
from stc_bench.ingest import import_file
from stc_bench.services import Workbench

GROUP = (
    "Moderator: Velkommen. Hvordan har dere opplevd samarbeidet med jobbspesialistene?\n"
    "Behandler 1: Vi fikk en helt ny kollega i teamet. Jobbspesialisten satt i møtene våre "
    "hver uke, og det gjorde at vi tenkte arbeid mye tidligere.\n"
    "Behandler 2: For meg var det uvant i starten. Jeg var redd for at pasientene skulle bli "
    "presset ut i jobb før de var klare.\n"
    "Moderator: Hva endret seg etter hvert?\n"
    "Behandler 2: Etter et halvt år så jeg at de som fikk jobb ble bedre. Det snudde meg helt.\n"
    "Leder: Som leder måtte jeg sette av tid i møteplanen.\n"
    "Moderator: Og nå?\n"
    "Leder: Det kostet, men det var verdt det.\n"
)


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def make_focus(tmp_path, path):
    """A project with the focus group imported, its speakers not mapped: (path, document)."""
    source = tmp_path / "Fokusgruppe A.txt"
    source.write_text(GROUP, encoding="utf-8")
    with Workbench.create(path, title="IPS i klinikken", actor="kari") as wb:
        doc = import_file(wb, source)
    return path, doc


@pytest.fixture
def focus(tmp_path, project_path):
    return make_focus(tmp_path, project_path)


def span(doc, words: str) -> tuple[int, int]:
    start = doc.text.index(words)
    return start, start + len(words)


def test_import_proposes_the_speaker_mapping_of_a_group_transcript(tmp_path, project_path, capsys):
    project = project_path
    source = tmp_path / "Fokusgruppe A.txt"
    source.write_text(GROUP, encoding="utf-8")
    assert run(capsys, "new", project, "--title", "IPS")[0] == 0
    code, out, err = run(capsys, "import", project, source)
    assert code == 0, err
    assert ("Fokusgruppe A.txt: a group transcript with 3 participants; proposed: Behandler 1 → "
            "Behandler 1, behandler; Behandler 2 → Behandler 2, behandler; Leder → Leder. Confirm "
            f"with: stc-bench speakers {project} 1 --accept") in out
    single = tmp_path / "JS1.txt"
    single.write_text("I: Hvordan gikk det?\nJS1: Det gikk fint.\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", project, single)
    assert code == 0 and "group transcript" not in out


def test_a_single_turn_of_a_numbered_role_is_still_a_speaker(focus):
    path, doc = focus
    with Workbench.open(path) as wb:
        speakers = [(t.speaker, t.is_interviewer) for t in wb.list(Turn, "idx", document_id=doc.id)]
    assert ("Behandler 1", False) in speakers  # speaks once, but "Behandler 2" makes it a series
    assert speakers.count(("Moderator", True)) == 3


def test_speakers_map_to_informants_and_units_count_for_their_speaker(focus, capsys):
    path, doc = focus
    code, out, _ = run(capsys, "speakers", path, doc.id)
    assert code == 0
    assert "Moderator" in out and "interviewer/moderator" in out
    assert "Behandler 2" in out and "not mapped  (proposed: Behandler 2, behandler)" in out
    code, out, err = run(capsys, "speakers", path, doc.id, "--accept", "--map", "Leder=L1:leder",
                         "--group", "Fokusgruppe A")
    assert code == 0, err
    assert "→ Behandler 1" in out and "→ L1" in out
    with Workbench.open(path, actor="kari") as wb:
        informants = {i.label: i for i in wb.list(Informant)}
        assert informants["Behandler 2"].role == "behandler"
        assert informants["L1"].attributes == {"gruppe": "Fokusgruppe A"}
        group = wb.add_code_group("Samarbeid")
        sub = wb.add_subgroup(group.id, "En ny kollega")
        units = [wb.create_unit(doc.id, *span(doc, words), code_group_ids=[group.id])
                 for words in ("Vi fikk en helt ny kollega i teamet.",
                               "Jeg var redd for at pasientene skulle bli presset ut i jobb",
                               "Det snudde meg helt.",
                               "Som leder måtte jeg sette av tid i møteplanen.")]
        across = wb.create_unit(doc.id, span(doc, "hver uke")[0], span(doc, "For meg var det")[1],
                                code_group_ids=[group.id])
        for unit in units:
            wb.assign_unit(unit.id, sub.id)
        by_unit = wb.unit_informants()
        assert [informants_label(wb, by_unit[u.id]) for u in units] == [
            "Behandler 1", "Behandler 2", "Behandler 2", "L1"]
        assert wb.units_across_speakers() == [across.id]
        text = wb.set_analytic_text("Behandlerne beskrev jobbspesialisten som en kollega.",
                                    subgroup_id=sub.id)
        wb.add_quote(units[2].id, subgroup_id=sub.id)
        assert text.id
        snapshot = load_snapshot(wb)
        matrix = build_matrix(snapshot)
        row = matrix.rows[0]
        counts = dict(zip(matrix.informants, (c[0] for c in row.cells), strict=False))
        assert counts["Behandler 1"] == 1 and counts["Behandler 2"] == 2 and counts["L1"] == 1
        assert "Fokusgruppe A" not in row.silent and "Behandler 1" not in row.silent
        chapter = build_chapter(snapshot, label_style="role")
        quote = chapter.sections[0].subsections[0].blocks[-1]
        assert quote.label == "behandler, fokusgruppe"
    assert run(capsys, "audit", "verify", path)[0] == 0


def informants_label(wb, informant_id):
    return wb.get(Informant, informant_id).label


def test_mapping_errors_are_one_line_and_nothing_changes(focus, capsys):
    path, doc = focus
    before = run(capsys, "audit", "log", path, "--json")[1]
    for argv, says in (
            (("--map", "Moderator=M"), "'Moderator' is the interviewer/moderator"),
            (("--map", "Behandler 9=B9"), "has no speaker 'Behandler 9' (speakers: Moderator, Behandler 1"),
            (("--map", "Behandler 1"), "write SPEAKER=LABEL or SPEAKER=LABEL:ROLE"),
            (("--map", "Behandler 1= :x"), "the informant label cannot be empty")):
        code, out, err = run(capsys, "speakers", path, doc.id, *argv)
        assert code == 2 and out == "" and err.count("\n") == 1, err
        assert says in err, err
    assert run(capsys, "audit", "log", path, "--json")[1] == before


def test_a_mapping_is_undone_and_a_revision_keeps_it(focus, tmp_path, capsys):
    path, doc = focus
    assert run(capsys, "speakers", path, doc.id, "--accept")[0] == 0
    assert run(capsys, "undo", path)[0] == 0
    with Workbench.open(path) as wb:
        assert wb.list(SpeakerInformant) == []
    assert run(capsys, "redo", path)[0] == 0
    corrected = tmp_path / "Fokusgruppe A rettet.txt"
    corrected.write_text(GROUP.replace("Det kostet", "Det kostet litt"), encoding="utf-8")
    assert run(capsys, "import", path, corrected, "--revise", doc.id)[0] == 0
    with Workbench.open(path) as wb:
        (new,) = [d for d in wb.documents() if d.revision_of == doc.id]
        mapped = {m.speaker for m in wb.list(SpeakerInformant, document_id=new.id)}
        assert mapped == {"Behandler 1", "Behandler 2", "Leder"}
    rows = json.loads(run(capsys, "speakers", path, new.id, "--json")[1])
    assert [r["informant"] for r in rows if r["speaker"] == "Leder"] == ["Leder"]
    assert run(capsys, "audit", "verify", path)[0] == 0


def test_a_participant_in_a_focus_group_cannot_be_deleted_while_mapped(focus):
    from stc_bench.domain.errors import MethodError

    path, doc = focus
    with Workbench.open(path, actor="kari") as wb:
        wb.map_speakers(doc.id, {"Leder": ("L1", "leder")})
        (leader,) = wb.list(Informant, label="L1")
        with pytest.raises(MethodError, match="'L1' speaks in a focus group"):
            wb.delete_informant(leader.id)


def test_the_matrix_by_role_counts_each_participant_under_their_role(focus, capsys, tmp_path):
    """Coverage by role: a column per role (behandler, leder), the participants' units
    summed under it; a role with no unit in a subgroup is silent there."""
    path, doc = focus
    assert run(capsys, "speakers", path, doc.id, "--accept", "--map", "Leder=L1:leder")[0] == 0
    with Workbench.open(path, actor="kari") as wb:
        group = wb.add_code_group("Samarbeid")
        sub = wb.add_subgroup(group.id, "En ny kollega")
        other = wb.add_subgroup(group.id, "Tvil")
        for words, target in (("Vi fikk en helt ny kollega i teamet.", sub),
                              ("Det snudde meg helt.", sub),
                              ("Jeg var redd for at pasientene skulle bli presset ut i jobb", other),
                              ("Som leder måtte jeg sette av tid i møteplanen.", sub)):
            wb.assign_unit(wb.create_unit(doc.id, *span(doc, words), code_group_ids=[group.id]).id,
                           target.id)
        snapshot = load_snapshot(wb)
    by_role = build_matrix(snapshot, by="role")
    assert by_role.informants == ("behandler", "leder")
    counts = {r.subgroup: [c[0] for c in r.cells] for r in by_role.rows}
    assert counts == {"En ny kollega": [2, 1], "Tvil": [1, 0]}
    assert [r.silent for r in by_role.rows] == [(), ("leder",)]
    by_person = build_matrix(snapshot)
    assert by_person.informants == ("Behandler 1", "Behandler 2", "L1")
    out = tmp_path / "matrise.csv"
    code, _, err = run(capsys, "export", "csv", path, "--part", "matrix", "--by", "role", "-o", out)
    assert code == 0, err
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "code_group,subgroup,role,units,quotes"
    assert "Samarbeid,En ny kollega,behandler,2,0" in rows and "Samarbeid,Tvil,leder,0,0" in rows
    md = tmp_path / "matrise.md"
    assert run(capsys, "export", "md", path, "--part", "matrix", "--by", "role", "-o", md)[0] == 0
    text = md.read_text(encoding="utf-8")
    assert "# Matrise: subgrupper × roller" in text and "| Tause roller |" in text


def _group_turns() -> list[tuple[str, str]]:
    turns = []
    for line in GROUP.strip().splitlines():
        speaker, _, text = line.partition(": ")
        turns.append((speaker, text))
    return turns


def _write_group(tmp_path, form: str):
    """The same focus group as a txt, a diarised .srt (SPEAKER_nn) and a Word table
    (speaker | utterance), the three forms group transcripts arrive in."""
    turns = _group_turns()
    if form == "txt":
        path = tmp_path / "Fokusgruppe A.txt"
        path.write_text(GROUP, encoding="utf-8")
        return path, {s: s for s, _ in turns}
    if form == "srt":
        names = list(dict.fromkeys(s for s, _ in turns))
        code = {s: f"SPEAKER_{n:02d}" for n, s in enumerate(names)}
        cues = []
        for n, (speaker, text) in enumerate(turns, 1):
            cues += [str(n), f"00:{n:02d}:00,000 --> 00:{n:02d}:09,000", f"[{code[speaker]}]: {text}", ""]
        path = tmp_path / "Fokusgruppe A.srt"
        path.write_text("\r\n".join(cues), encoding="utf-8")
        return path, code
    import docx

    document = docx.Document()
    document.add_paragraph("Fokusgruppe A, klinikk 2")
    table = document.add_table(rows=0, cols=2)
    for speaker, text in turns:
        row = table.add_row().cells
        row[0].text, row[1].text = speaker, text
    path = tmp_path / "Fokusgruppe A.docx"
    document.save(path)
    return path, {s: s for s, _ in turns}


@pytest.mark.parametrize("form", ["txt", "srt", "docx-table"])
def test_a_group_transcript_in_any_form_maps_speakers_to_participants(tmp_path, project_path, capsys, form):
    source, label = _write_group(tmp_path, form)
    path = project_path
    with Workbench.create(path, title="IPS i klinikken", actor="kari") as wb:
        doc = import_file(wb, source)
        speakers = {s.label: s for s in wb.speakers(doc.id)}
    assert set(speakers) == {label[s] for s in ("Moderator", "Behandler 1", "Behandler 2", "Leder")}
    assert speakers[label["Moderator"]].interviewer  # the one who asks
    assert not any(speakers[label[s]].interviewer for s in ("Behandler 1", "Behandler 2", "Leder"))
    code, _, err = run(capsys, "speakers", path, doc.id, "--accept", "--group", "Fokusgruppe A")
    assert code == 0, err
    code, _, err = run(capsys, "speakers", path, doc.id, "--map", f"{label['Moderator']}=M:moderator")
    assert code == 2 and "moderator" in err  # the moderator is never an informant
    with Workbench.open(path, actor="kari") as wb:
        doc = wb.get(type(doc), doc.id)
        group = wb.add_code_group("Samarbeid")
        unit = wb.create_unit(doc.id, *span(doc, "Det snudde meg helt."), code_group_ids=[group.id])
        who = wb.get(Informant, wb.unit_informants()[unit.id])
        assert who.label == speakers[label["Behandler 2"]].proposed_label
        assert who.attributes == {"gruppe": "Fokusgruppe A"}
        assert wb.unit_labels().of(unit.id, doc.id) == who.label
