"""`stc-bench settings`: project settings change through the trail and can be undone."""

import json

from stc_bench.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_set_show_unset_and_undo_a_setting(project_path, capsys):
    p = str(project_path)
    assert run(capsys, "new", p, "--title", "Studie")[0] == 0
    assert run(capsys, "settings", p, "label_style", "role")[1].strip() == 'label_style: "role"'
    assert run(capsys, "settings", p, "number_from", "6")[0] == 0
    code, out, _ = run(capsys, "settings", p, "--json")
    assert code == 0 and json.loads(out) == {"label_style": "role", "number_from": 6}

    code, out, _ = run(capsys, "settings", p, "--unset", "number_from")
    assert code == 0 and "removed" in out
    code, out, _ = run(capsys, "settings", p, "number_from")
    assert code == 0 and "not set" in out

    assert run(capsys, "undo", p)[0] == 0  # brings number_from back
    code, out, _ = run(capsys, "settings", p, "number_from")
    assert out.strip() == "6"

    code, out, _ = run(capsys, "audit", "verify", p)
    assert code == 0 and out.startswith("ok")


def test_json_values_are_parsed_and_plain_text_is_kept(project_path, capsys):
    p = str(project_path)
    run(capsys, "new", p, "--title", "Studie")
    run(capsys, "settings", p, "speaker_patterns", '{"interviewer": ["Forsker\\\\d*"]}')
    run(capsys, "settings", p, "chapter_intro", "Her presenteres funnene [utkast].")
    code, out, _ = run(capsys, "settings", p, "--json")
    assert json.loads(out) == {"speaker_patterns": {"interviewer": ["Forsker\\d*"]},
                               "chapter_intro": "Her presenteres funnene [utkast]."}


def test_unset_and_key_together_is_a_one_line_error(project_path, capsys):
    p = str(project_path)
    run(capsys, "new", p, "--title", "Studie")
    code, _, err = run(capsys, "settings", p, "label_style", "--unset", "label_style")
    assert code == 2 and err.count("\n") == 1 and err.startswith("stc-bench: error:")


def test_a_value_an_export_could_not_use_is_refused_when_set_and_nothing_changes(project_path, capsys):
    p = str(project_path)
    run(capsys, "new", p, "--title", "Studie")
    before = run(capsys, "audit", "log", p, "--json")[1]
    for argv, says in (
            (("number_from", "six"), "setting number_from: must be a whole number of at least 0, not 'six'"),
            (("label_style", "short"), "setting label_style: must be one of pseudonym, role, none"),
            (("segment_max_words", "3"), "setting segment_max_words: must be a whole number of at least 5"),
            (("segment_interviewer_turns", "kanskje"), "must be true or false"),
            (("speaker_patterns", '{"interviewer": ["("]}'), "is not a valid regular expression"),
            (("import_max_mb", "-1"), "must be a positive number"),
            (("numbr_from", "6"), "setting 'numbr_from': no such setting (did you mean number_from?)")):
        code, out, err = run(capsys, "settings", p, *argv)
        assert code == 2 and out == "", argv
        assert err.startswith("stc-bench: error: ") and err.count("\n") == 1, err
        assert says in err, err
    assert run(capsys, "audit", "log", p, "--json")[1] == before  # nothing was written
    assert json.loads(run(capsys, "settings", p, "--json")[1]) == {}


def test_values_are_stored_typed_and_the_list_shows_type_default_and_help(project_path, capsys):
    p = str(project_path)
    run(capsys, "new", p, "--title", "Studie")
    run(capsys, "settings", p, "number_from", '"6"')  # a quoted number is still a number
    run(capsys, "settings", p, "segment_interviewer_turns", "ja")
    run(capsys, "settings", p, "chapter_title", "2024")  # text stays text
    assert json.loads(run(capsys, "settings", p, "--json")[1]) == {
        "number_from": 6, "segment_interviewer_turns": True, "chapter_title": "2024"}
    code, out, _ = run(capsys, "settings", p)
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert code == 0 and out.splitlines()[0].split()[:3] == ["setting", "value", "type"]
    assert "pseudonym|role|none" in lines["label_style"] and '(default: "pseudonym")' in lines["label_style"]
    assert "whole number" in lines["quote_max_words"] and "(default: 80)" in lines["quote_max_words"]
    assert lines["number_from"].split()[1] == "6"
    code, out, _ = run(capsys, "settings", p, "golden_quote")
    assert code == 0 and out.startswith('golden_quote: not set; the default applies ("note": ')
