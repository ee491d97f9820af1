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
