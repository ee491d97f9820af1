"""The UI language and the import dialog's paths on Windows and macOS, simulated on Linux:
the platform (``sys.platform``), its locale API (``ctypes.windll``, ``locale.getlocale``)
and Windows' hidden attribute are patched; the files are real."""

from __future__ import annotations

import ctypes
import locale
import os
import stat
import sys
from types import SimpleNamespace

import pytest

from stc_bench.tui import i18n
from stc_bench.tui.importer import _offered, complete_path, folds_case, is_hidden

#: Taken before conftest replaces it for every test (a Norwegian Windows would otherwise
#: give the whole suite Norwegian labels).
REAL_SYSTEM_LOCALE = i18n.system_locale


@pytest.fixture
def platform_locale(monkeypatch):
    """Set the simulated Windows UI language (a LANGID or None) and getlocale()'s answer."""
    monkeypatch.setattr(i18n, "system_locale", REAL_SYSTEM_LOCALE)

    def set_locale(langid: int | None = None, getlocale: str | None = None) -> None:
        if langid is None:
            monkeypatch.delattr(ctypes, "windll", raising=False)
        else:
            kernel32 = SimpleNamespace(GetUserDefaultUILanguage=lambda: langid)
            monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=kernel32), raising=False)
        monkeypatch.setattr(locale, "getlocale", lambda *a: (getlocale, "UTF-8" if getlocale else None))

    return set_locale


@pytest.mark.parametrize("langid, name", [(0x0414, "nb_NO"), (0x0814, "nn_NO"), (0x7C14, "nb_NO"),
                                          (0x0409, "en"), (0x041D, "en")])
def test_windows_ui_language_ids(platform_locale, langid, name):
    platform_locale(langid)
    assert i18n.windows_ui_locale() == name


def test_on_windows_the_ui_language_comes_first(platform_locale):
    # A LANG from a shell (Git Bash, MSYS) says English; Windows' display language bokmål.
    platform_locale(0x0414, getlocale="English_United States")
    assert i18n.locale_language({"LANG": "en_US.UTF-8"}, platform="win32") == "nb"
    platform_locale(0x0814)
    assert i18n.locale_language({}, platform="win32") == "nb"  # nynorsk: the nb labels
    platform_locale(0x0409, getlocale="Norwegian Bokmål_Norway")
    assert i18n.locale_language({}, platform="win32") == "en"


def test_on_windows_without_the_ui_api_getlocale_then_lang(platform_locale):
    platform_locale(None, getlocale="Norwegian Bokmål_Norway")
    assert i18n.locale_language({}, platform="win32") == "nb"
    platform_locale(None, getlocale=None)
    assert i18n.locale_language({"LANG": "nb_NO.UTF-8"}, platform="win32") == "nb"
    assert i18n.locale_language({}, platform="win32") == "en"


@pytest.mark.parametrize("platform", ["darwin", "linux"])
def test_on_macos_and_linux_the_variables_then_getlocale(platform_locale, platform):
    platform_locale(0x0414, getlocale="en_US")  # a windll (if any) is never asked here
    assert i18n.locale_language({"LANG": "nb_NO.UTF-8"}, platform=platform) == "nb"
    assert i18n.locale_language({"LC_ALL": "C"}, platform=platform) == "en"
    platform_locale(None, getlocale="nb_NO")
    assert i18n.locale_language({}, platform=platform) == "nb"
    platform_locale(None, getlocale=None)
    assert i18n.locale_language({}, platform=platform) == "en"


def test_the_config_wins_over_the_platform(platform_locale, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    platform_locale(0x0414)
    choose = i18n.choose_language
    assert (choose({}, {}, {}), choose({"language_ui": "en"}, {}, {}),
            choose({}, {"language_ui": "en"}, {})) == ("nb", "en", "en")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "Intervjuer").mkdir()
    (tmp_path / ".arkiv").mkdir()
    for name in ("JS1.docx", "js2.txt", "~$JS1.docx", "Notater.pdf"):
        (tmp_path / name).write_text("x")
    return tmp_path


def _complete(folder, typed: str) -> str | None:
    done = complete_path(str(folder) + os.sep + typed)
    return None if done is None else done[len(str(folder)) + 1:]


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_completion_ignores_case_on_windows_and_macos(folder, monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)
    assert folds_case()
    assert _complete(folder, "int") == "intervjuer" + os.sep  # what was typed is kept
    assert _complete(folder, "J") == "JS"  # JS1.docx and js2.txt: ambiguous after "js"
    assert _complete(folder, "js1") == "js1.docx"
    assert _complete(folder, "not") is None  # a .pdf is not a transcript
    assert _complete(folder, "~") is None  # Word's lock file never
    assert _complete(folder, ".a") == ".arkiv" + os.sep


def test_completion_keeps_case_on_linux(folder, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert not folds_case()
    assert _complete(folder, "int") is None
    assert _complete(folder, "Int") == "Intervjuer" + os.sep
    assert _complete(folder, "J") == "JS1.docx"
    assert _complete(folder, "~") is None
    assert _complete(folder, "") is None  # Intervjuer/, JS1.docx, js2.txt share nothing


def test_hidden_files_per_platform():
    assert is_hidden(".DS_Store") and is_hidden("~$JS1.docx") and not is_hidden("JS1.docx")
    windows_hidden = SimpleNamespace(st_file_attributes=0x2 | 0x20)
    windows_plain = SimpleNamespace(st_file_attributes=0x20)  # archive bit only
    assert is_hidden("desktop.ini", windows_hidden) and not is_hidden("JS1.docx", windows_plain)
    assert is_hidden("Notat.docx", SimpleNamespace(st_flags=stat.UF_HIDDEN))  # macOS chflags hidden
    assert not is_hidden("JS1.docx", os.stat(__file__))  # a Linux stat has neither


def test_a_file_hidden_in_explorer_is_offered_only_once_its_name_is_typed():
    info = SimpleNamespace(st_file_attributes=0x2)
    entry = SimpleNamespace(name="desktop.ini", stat=lambda follow_symlinks=True: info)
    assert not _offered(entry, "", fold=True)
    assert _offered(entry, "DESK", fold=True) and not _offered(entry, "DESK", fold=False)


def test_a_folder_import_leaves_out_what_the_file_browser_hides(tmp_path, monkeypatch):
    """The same rule as the dialog's completion: dot files, ~$ lock files and (Windows,
    macOS) files with the hidden attribute or flag are not imported from a folder."""
    from stc_bench.ingest import batch

    for name in ("JS1.txt", ".JS2.txt", "~$JS3.docx", "JS4.txt"):
        (tmp_path / name).write_text("I: Hei?\nJS: Hei.\n", encoding="utf-8")
    real = batch._stat

    def windows_stat(path):
        info = real(path)
        hidden = path.name == "JS4.txt"
        return SimpleNamespace(st_file_attributes=batch.FILE_ATTRIBUTE_HIDDEN if hidden else 0,
                               st_mode=info.st_mode)
    monkeypatch.setattr(batch, "_stat", windows_stat)
    assert [p.name for p in batch.transcripts_in(tmp_path)] == ["JS1.txt"]
