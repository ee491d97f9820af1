"""`stc-bench informants` and `stc-bench audit review`: the supervisor's and the student's
everyday bookkeeping, through the trail."""

import json

from stc_bench.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def imported(tmp_path, project_path, capsys):
    p = str(project_path)
    transcript = tmp_path / "JS1.txt"
    transcript.write_text("I: Hvordan var det?\nJS1: Det var fint å få jobb igjen.\n", encoding="utf-8")
    assert run(capsys, "--as", "kari", "new", p, "--title", "Studie")[0] == 0
    assert run(capsys, "--as", "kari", "import", p, str(transcript))[0] == 0
    return p


def test_rename_set_attributes_and_consent(tmp_path, project_path, capsys):
    p = imported(tmp_path, project_path, capsys)
    assert run(capsys, "informants", p, "--set", "JS1", "sector=kommunal", "duration_min=45")[0] == 0
    assert run(capsys, "informants", p, "--consent", "JS1", "given")[0] == 0
    assert run(capsys, "informants", p, "--rename", "JS1", "Jobbspesialist 1")[0] == 0
    code, out, _ = run(capsys, "informants", p, "--json")
    assert code == 0
    # the label is renamed in the document's title too (it came from the file name)
    assert json.loads(out) == [{"label": "Jobbspesialist 1", "role": "", "documents": ["Jobbspesialist 1.txt"],
                                "attributes": {"sector": "kommunal", "duration_min": 45},
                                "consent": "given"}]
    code, out, _ = run(capsys, "audit", "verify", p)
    assert code == 0


def test_identifying_attributes_and_unknown_informants_are_refused(tmp_path, project_path, capsys):
    p = imported(tmp_path, project_path, capsys)
    code, _, err = run(capsys, "informants", p, "--set", "JS1", "navn=Kari Nordmann")
    assert code == 2 and "identify" in err and err.count("\n") == 1
    code, _, err = run(capsys, "informants", p, "--rename", "JS9", "X")
    assert code == 2 and "JS9" in err
    code, out, _ = run(capsys, "informants", p, "--json")
    assert json.loads(out)[0]["attributes"] == {}


def test_review_shows_what_changed_since_the_last_mark(tmp_path, project_path, capsys):
    p = imported(tmp_path, project_path, capsys)
    code, out, _ = run(capsys, "--as", "veileder", "audit", "review", p, "--mark")
    assert code == 0 and "document.import" in out and "reviewed up to event 2" in out
    code, out, _ = run(capsys, "--as", "veileder", "audit", "review", p)
    assert "nothing has changed" in out

    run(capsys, "--as", "kari", "informants", p, "--rename", "JS1", "JS01")
    code, out, _ = run(capsys, "--as", "veileder", "audit", "review", p, "--json")
    events = json.loads(out)
    assert [e["action"] for e in events] == ["informant.edit"]
    assert events[0]["actor"] == "kari"
