"""stc-bench search: inflected forms, phrases, prefixes, æøå, filters, and the index."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import draft_from_labelled

from stc_bench.cli import main
from stc_bench.nlp import search
from stc_bench.services import Workbench

JS4 = (
    "I: Hva gjorde jobbspesialisten?\n"
    "JS4: Hun hjalp meg å søke jobb. Jeg jobbet først på et bakeri, og jobben passet meg.\n"
    "I: Og nå?\n"
    "JS4: Nå jobber jeg fast. Søknadene mine ble bedre med hennes hjelp.\n"
)
JS5 = (
    "I: Fortell om arbeidsgiveren.\n"
    "JS5: Arbeidsgiveren var skeptisk, men jobbspesialisten snakket med ham. Å få jobb var målet.\n"
)


@pytest.fixture
def study(wb):
    a = wb.import_transcript(draft_from_labelled(JS4), source_name="JS4.txt",
                             source_sha256="4" * 64, informant="JS4")
    b = wb.import_transcript(draft_from_labelled(JS5), source_name="JS5.txt",
                             source_sha256="5" * 64, informant="JS5")
    return a, b


def matches(hits):
    return [(h.informant, h.match) for h in hits]


def test_a_word_finds_every_inflected_form_across_documents(wb, study):
    assert matches(search(wb, "jobbe")) == [
        ("JS4", "jobb"), ("JS4", "jobbet"), ("JS4", "jobben"), ("JS4", "jobber"), ("JS5", "jobb")]


def test_exact_form_prefix_and_phrase(wb, study):
    assert matches(search(wb, "=jobben")) == [("JS4", "jobben")]
    assert [h.match for h in search(wb, "jobbspes*")] == ["jobbspesialisten"] * 2
    assert matches(search(wb, '"få jobb"')) == [("JS5", "få jobb")]


def test_letters_aeoeaa_and_informant_filter(wb, study):
    hits = search(wb, "søknad")
    assert matches(hits) == [("JS4", "Søknadene")]
    assert hits[0].left.endswith("fast. ") and hits[0].right.startswith(" mine")
    assert matches(search(wb, "jobb", informant="JS5")) == [("JS5", "jobb")]


def test_hits_say_whether_they_are_inside_a_coded_meaning_unit(wb, study):
    doc = study[0]
    group = wb.add_code_group("Å komme i arbeid")
    start = doc.text.index("Jeg jobbet")
    unit = wb.create_unit(doc.id, start, doc.text.index("meg.", start) + 4, [group.id])
    hits = search(wb, "jobbe")
    inside = [h for h in hits if h.in_unit]
    assert [(h.match, h.unit_ids, h.code_groups) for h in inside] == [
        ("jobbet", (unit.id,), ("Å komme i arbeid",)), ("jobben", (unit.id,), ("Å komme i arbeid",))]
    assert [h.match for h in search(wb, "jobbe", code_group="å komme i arbeid")] == ["jobbet", "jobben"]


def test_index_is_derived_data_and_follows_new_documents(wb, study):
    events = wb.status()["audit_events"]
    assert len(search(wb, "arbeidsgiver")) == 2
    assert wb.status()["audit_events"] == events
    assert wb.verify().ok
    wb.import_transcript(draft_from_labelled("JS6: Arbeidsgiverne mine var greie.\n"),
                         source_name="JS6.txt", source_sha256="6" * 64, informant="JS6")
    assert [h.match for h in search(wb, "arbeidsgiver")][-1] == "Arbeidsgiverne"


def test_read_only_review_searches_without_writing(project_path, wb, study):
    wb.close()
    with Workbench.open(project_path, read_only=True) as review:
        assert len(search(review, "jobbe")) == 5


def test_cli_search_json_and_text(project_path, wb, study, capsys):
    wb.close()
    assert main(["search", str(project_path), "jobbe", "--informant", "JS5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["match"], d["speaker"], d["in_unit"]) for d in data] == [("jobb", "JS5", False)]
    assert main(["search", str(project_path), "søke"]) == 0
    out = capsys.readouterr().out
    assert "[søke]" in out and "1 hit(s)" in out


# -- Every field of every hit, pinned (the batched hit reading must not change a thing) --

JS7 = (
    "I: Hvordan begynte det med jobben?\n"
    "JS7: Jeg jobbet ikke på tre år. Så fikk jeg jobb hos en snekker, og jobben ga meg rytme.\n"
    "I: Hva sa arbeidsgiveren?\n"
    "JS7: Arbeidsgiveren sa at jeg jobber godt. Jeg fikk jobb fast etter et halvt år.\n"
)
JS8 = (
    "I: Og du, hvordan var det å jobbe igjen?\n"
    "JS8: Det var tungt å jobbe i starten. Jobbspesialisten fikk meg til å tro på det.\n"
    "JS8: Nå jobber jeg tre dager i uka, og jobbene før var verre.\n"
)


@pytest.fixture
def coded_study(wb):
    """Two interviews and one more informant, with nested, overlapping, same-start and
    turn-crossing meaning units, coded into several code groups in mixed order."""
    docs = [wb.import_transcript(draft_from_labelled(text), source_name=f"{label}.txt",
                                 source_sha256=label[-1] * 64, informant=label)
            for label, text in (("JS7", JS7), ("JS8", JS8), ("JS4", JS4))]
    arbeid, sjef, tro = (wb.add_code_group(n).id for n in ("Å komme i arbeid", "Arbeidsgiveren",
                                                            "Å bli trodd på"))
    js7, js8, js4 = docs
    units = {}

    def unit(name, doc, first, last, groups=()):
        start = doc.text.index(first)
        units[name] = wb.create_unit(doc.id, start, doc.text.index(last, start) + len(last), groups)
        return units[name]

    unit("sentence", js7, "Så fikk jeg jobb", "rytme.", [arbeid])
    unit("inner", js7, "fikk jeg jobb", "snekker", [tro, sjef])          # nested, groups reversed
    unit("same start", js7, "Så fikk jeg", "jeg jobb", [])                # same start, ends at a hit
    unit("crossing", js7, "rytme.", "sa arbeidsgiveren", [sjef])          # across two turns
    unit("boss", js7, "Arbeidsgiveren sa", "halvt år.", [sjef, arbeid])
    unit("start", js8, "Det var tungt", "på det.", [tro])
    unit("overlap", js8, "Jobbspesialisten", "jobber jeg", [arbeid])      # overlaps "start"
    wb.code_unit(units["inner"].id, arbeid)                                # a third group, later
    return docs, units


def test_every_hit_field_is_pinned_on_a_coded_study(wb, coded_study):
    (js7, js8, js4), u = coded_study
    hits = search(wb, "jobbe")

    def expected(doc, informant, turn_idx, speaker, word, around, unit_names, groups):
        start = doc.text.index(around) + around.index(word)  # the word where ``around`` is
        end = start + len(word)
        return (doc.id, doc.title, informant, turn_idx, speaker, start, end,
                doc.text[max(0, start - 50):start].rsplit("\n", 1)[-1], word,
                doc.text[end:end + 50].split("\n", 1)[0],
                tuple(u[n].id for n in unit_names), groups)

    both, arbeid_tro_sjef = ("Arbeidsgiveren", "Å komme i arbeid"), (
        "Å komme i arbeid", "Å bli trodd på", "Arbeidsgiveren")
    assert [(h.document_id, h.document_title, h.informant, h.turn_idx, h.speaker, h.start, h.end,
             h.left, h.match, h.right, h.unit_ids, h.code_groups) for h in hits] == [
        expected(js7, "JS7", 0, "I", "jobben", "med jobben", [], ()),
        expected(js7, "JS7", 1, "JS7", "jobbet", "Jeg jobbet", [], ()),
        expected(js7, "JS7", 1, "JS7", "jobb", "jeg jobb hos", ["sentence", "same start", "inner"],
                 arbeid_tro_sjef),
        expected(js7, "JS7", 1, "JS7", "jobben", "og jobben", ["sentence"], ("Å komme i arbeid",)),
        expected(js7, "JS7", 3, "JS7", "jobber", "jeg jobber", ["boss"], both),
        expected(js7, "JS7", 3, "JS7", "jobb", "jobb fast", ["boss"], both),
        expected(js8, "JS8", 0, "I", "jobbe", "å jobbe igjen", [], ()),
        expected(js8, "JS8", 1, "JS8", "jobbe", "tungt å jobbe", ["start"], ("Å bli trodd på",)),
        expected(js8, "JS8", 2, "JS8", "jobber", "Nå jobber", ["overlap"], ("Å komme i arbeid",)),
        expected(js8, "JS8", 2, "JS8", "jobbene", "jobbene", [], ()),
        expected(js4, "JS4", 1, "JS4", "jobb", "søke jobb", [], ()),
        expected(js4, "JS4", 1, "JS4", "jobbet", "jobbet", [], ()),
        expected(js4, "JS4", 1, "JS4", "jobben", "jobben", [], ()),
        expected(js4, "JS4", 3, "JS4", "jobber", "jobber", [], ()),
    ]
    assert all(h.in_unit == bool(h.unit_ids) for h in hits)


def naive_search(wb, query, informant=None, code_group=None, limit=None):
    """The search spelled out without the index: every turn tokenised afresh, every unit
    and coding looked at for every hit (the oracle the batched reading must equal)."""
    from stc_bench.domain.model import CodeGroup, Coding, Informant
    from stc_bench.nlp.keyword_search import parse_query
    from stc_bench.nlp.lemmatizer import lemma_candidates
    from stc_bench.nlp.suggest import turn_body
    from stc_bench.nlp.tokens import word_tokens

    def length(part, tokens, k):
        forms = [f.lower() for _a, _b, f in tokens[k:k + len(part.words)]]
        if part.kind == "lemma":
            return int(bool(set(lemma_candidates(tokens[k][2])) & set(part.keys)))
        if part.kind == "prefix":
            return int(forms[0].startswith(part.words[0]))
        return len(part.words) if tuple(forms) == part.words else 0

    parts, hits = parse_query(query), []
    labels = {i.id: i.label for i in wb.list(Informant)}
    names = {g.id: g.name for g in wb.list(CodeGroup)}
    for doc in wb.documents():
        who = labels.get(doc.informant_id, "")
        if informant is not None and who.lower() != informant.lower():
            continue
        for turn in sorted(wb.turns(doc.id), key=lambda t: t.id):
            a, b = turn_body(doc.text, turn)
            tokens = [(a + s, a + e, f) for s, e, f in word_tokens(doc.text[a:b])]
            found = [(k, n) for k in range(len(tokens)) for p in parts if (n := length(p, tokens, k))]
            if not all(any(length(p, tokens, k) for k in range(len(tokens))) for p in parts):
                continue
            for k, n in found:
                start, end = tokens[k][0], tokens[k + n - 1][1]
                inside = [x for x in sorted(wb.units(doc.id), key=lambda x: (x.start, x.id))
                          if x.start <= start and end <= x.end]
                groups = tuple(dict.fromkeys(names[c.code_group_id] for x in inside
                                             for c in wb.list(Coding, unit_id=x.id)))
                if code_group is not None and code_group.lower() not in {g.lower() for g in groups}:
                    continue
                hits.append((doc.id, doc.title, who, turn.id, turn.idx, turn.speaker, start, end,
                             doc.text[max(0, start - 50):start].rsplit("\n", 1)[-1],
                             doc.text[start:end], doc.text[end:end + 50].split("\n", 1)[0],
                             tuple(x.id for x in inside), groups))
    return hits[:limit]


def fields(hits):
    return [(h.document_id, h.document_title, h.informant, h.turn_id, h.turn_idx, h.speaker,
             h.start, h.end, h.left, h.match, h.right, h.unit_ids, h.code_groups) for h in hits]


QUERIES = [("jobbe", {}), ("jobb*", {}), ('"fikk jobb"', {}), ("=jobben", {}),
           ("jobbe arbeidsgiver", {}), ('jobbe "fikk meg"', {}), ("jobbe", {"informant": "js8"}),
           ("jobbe", {"code_group": "å komme i arbeid"}), ("jobb*", {"code_group": "Tempo"}),
           ("jobbe", {"limit": 4}), ("jobbe", {"code_group": "arbeidsgiveren", "limit": 2}),
           ("finnesikke", {})]


@pytest.mark.parametrize("seed", [1, 2])
def test_hits_equal_the_spelled_out_search_on_randomly_coded_units(wb, coded_study, seed):
    import random

    rng = random.Random(seed)
    groups = [g.id for g in wb.code_groups()] + [wb.add_code_group("Tempo").id]
    for doc in coded_study[0]:
        spans = []
        for _ in range(12):  # random word-aligned spans: nested, overlapping, repeated starts
            a = rng.choice([0] + [i + 1 for i, ch in enumerate(doc.text) if ch == " "])
            spans.append((a, min(len(doc.text), a + rng.randint(3, 140))))
        for made in wb.create_units(doc.id, spans, rng.sample(groups, rng.randint(0, 2))):
            for g in rng.sample(groups, rng.randint(0, 2)):
                if rng.random() < 0.3:
                    wb.code_unit(made.id, g)
    for query, options in QUERIES:
        assert fields(search(wb, query, **options)) == naive_search(wb, query, **options), query
    assert sum(h.in_unit for h in search(wb, "jobbe")) >= 8


def test_read_only_hits_equal_stored_index_hits(project_path, wb, coded_study):
    stored = fields(search(wb, "jobbe"))  # builds and stores the index
    for doc in coded_study[0]:  # forget it again: a read-only review builds it in memory
        wb.drop_search_rows(doc.id)
    wb.close()
    with Workbench.open(project_path, read_only=True) as review:
        assert review.search_state() == {}
        assert fields(search(review, "jobbe")) == stored == naive_search(review, "jobbe")


def test_query_words_are_looked_up_in_a_compact_copy_of_the_ordbank(tmp_path, monkeypatch):
    """A search with its index up to date looks up only its query words: a sorted copy of
    the Ordbank answers them exactly as the whole table does."""
    from stc_bench.nlp import lemmatizer

    monkeypatch.setenv("STC_BENCH_CACHE", str(tmp_path))
    path = lemmatizer._compact_path()
    lemmatizer.write_compact_ordbank(path)
    text, table = path.read_text(encoding="utf-8"), lemmatizer.ordbank_table()
    forms = sorted(table)
    sample = forms[::157] + forms[:3] + forms[-3:] + ["jobbe", "jobben", "søknadene", "arbeidsgiveren"]
    assert {f: lemmatizer.compact_lookup(text, f) for f in sample} == {f: table[f] for f in sample}
    for absent in ("", "jobbx", "aaaa", "øøøøø", "zzzz", forms[0][:-1], forms[-1] + "x"):
        assert lemmatizer.compact_lookup(text, absent) == table.get(absent, ())
    assert "jobbe" in lemmatizer.compact_lookup(text, "jobbet")

    # A fresh process expands query words from the copy, never loading the whole table.
    code = ("from stc_bench.nlp import lemmatizer as m; "
            "print(m.search_keys('jobbe'), m.search_keys('søknadene'), m.ordbank_table.cache_info().currsize)")
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "STC_BENCH_CACHE": str(tmp_path)})
    keys = f"{lemmatizer.search_keys('jobbe')} {lemmatizer.search_keys('søknadene')} 0"
    assert fresh.stdout.strip() == keys


@pytest.mark.parametrize("phrase", ['"fikk jobb"', '"Søknadene  mine"', '"f.eks. jobb"', '"jobb, altså"'])
def test_a_phrase_is_split_into_the_words_the_index_holds(phrase):
    from stc_bench.nlp.keyword_search import parse_query
    from stc_bench.nlp.tokens import word_tokens

    (part,) = parse_query(phrase)
    assert part.kind == "phrase"
    assert part.words == tuple(f for _a, _b, f in word_tokens(phrase.strip('"').lower()))


@pytest.mark.parametrize("page", [1, 2, 5, 200])
def test_pages_of_hits_equal_the_spelled_out_search(wb, coded_study, monkeypatch, page):
    from stc_bench.nlp import keyword_search

    monkeypatch.setattr(keyword_search, "TURNS_READ", 2)  # a document's turns over several reads
    for query, options in QUERIES:
        if "limit" in options:
            continue
        pages = list(keyword_search.hit_pages(wb, query, page=page, **options))
        assert all(len(p) == page for p in pages[:-1]) and all(0 < len(p) <= page for p in pages)
        assert [f for p in pages for f in fields(p)] == naive_search(wb, query, **options), query


def test_the_first_page_reads_only_the_turns_it_needs(wb, monkeypatch):
    """A frequent word in a long interview: the first page of hits reads the tokens of
    a handful of turns, not of every turn that has the word."""
    from stc_bench.nlp import keyword_search

    lines = []
    for k in range(120):
        lines += [f"I: Spørsmål {k}?", f"JS9: Jeg jobbet der i {k} uker, og jobben var god."]
    wb.import_transcript(draft_from_labelled("\n".join(lines) + "\n"), source_name="JS9.txt",
                         source_sha256="9" * 64, informant="JS9")
    monkeypatch.setattr(keyword_search, "TURNS_READ", 4)
    read = []
    real = wb.search_candidates
    monkeypatch.setattr(wb, "search_candidates", lambda *a: read.extend(rows := real(*a)) or rows)
    pages = keyword_search.hit_pages(wb, "jobbe", page=6)
    first = next(pages)
    assert [h.match for h in first] == ["jobbet", "jobben"] * 3
    assert len(read) == 4  # one read of four turns gave eight hits: enough for a page
    rest = [h for p in pages for h in p]
    assert len(first) + len(rest) == 240 and len(read) == 120
    assert fields(first + rest) == fields(search(wb, "jobbe"))
