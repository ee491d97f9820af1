"""stc-bench never touches the network: the command line (import, segment, search,
status, export, doctor) runs in a process whose audit hook refuses every socket
connection and name lookup, and the TUI is driven through its steps with socket
connections refused; neither tries one."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap

import pytest
from helpers.tui import screen_text, settle

from stc_bench.tui.app import make_app

INTERVIEW = (
    "I: Hvordan var det å begynne i jobb igjen?\n"
    "Informant: Det var tungt i starten. Jeg sov dårlig og tenkte mye på om jeg kom til å klare det. "
    "Men jobbspesialisten min var der hver uke, og det gjorde at jeg turte å prøve.\n"
    "I: Hva betydde det for deg?\n"
    "Informant: At noen så meg som en arbeidstaker og ikke bare som en pasient.\n"
)

# Runs in a fresh interpreter: the hook is installed before stc_bench is imported and
# cannot be removed, so anything a library does behind our back is seen too.
SCRIPT = textwrap.dedent("""
    import json, socket, sys
    tried = []
    BLOCKED = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
               "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.sendto",
               "socket.sendmsg"}
    def hook(event, args):
        if event in BLOCKED:
            tried.append([event, repr(args[1:2])])
            raise OSError("network blocked by test_no_network")
    sys.addaudithook(hook)
    from stc_bench.cli import main
    project, transcript, out = sys.argv[1:4]
    codes = [main(argv) for argv in (
        ["new", project, "--title", "Nettverksfri studie"],
        ["import", project, transcript, "--informant", "D1"],
        ["segment", project],
        ["search", project, "jobbe"],
        ["status", project],
        ["export", "docx", project, "-o", out + ".docx"],
        ["export", "md", project, "-o", out + ".md", "--part", "codebook"],
        ["export", "csv", project, "-o", out + ".csv"],
        ["doctor"],
    )]
    before = list(tried)
    try:  # the hook itself works: a deliberate connection is refused and recorded
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except OSError:
        pass
    print("RESULT " + json.dumps({"codes": codes, "tried": before, "probe": tried[len(before):]}))
""")


def test_the_command_line_never_connects(tmp_path):
    transcript = tmp_path / "D1.txt"
    transcript.write_text(INTERVIEW, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "p.stc"), str(transcript),
                          str(tmp_path / "ut")], capture_output=True, text=True, timeout=300)
    result = json.loads(run.stdout.split("RESULT ", 1)[1]) if "RESULT " in run.stdout else None
    assert result is not None, run.stderr
    assert result["codes"] == [0] * 9, run.stderr
    assert result["tried"] == []
    assert result["probe"] and result["probe"][0][0] in ("socket.connect", "socket.getaddrinfo")
    assert (tmp_path / "ut.docx").stat().st_size > 0


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_the_tui_never_connects(wb, doc, project_path, monkeypatch):
    tried = []

    def refuse(name):
        def blocked(*args, **kwargs):
            tried.append((name, repr(args[1:2])))
            raise OSError("network blocked by test_no_network")
        return blocked

    # Connections and name lookups; the event loop's own socketpair is local and unaffected.
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    wb.add_theme("Å bli trodd på")
    app = make_app(project_path, actor="kari")
    seen = []
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("1", "2", "3", "4", "0"):
            await pilot.press(key)
            await settle(app, pilot)
            seen.append(screen_text(app))
    assert "Jobbstøtte og psykisk helse" in seen[-1]  # the overview again, after every step
    assert "Å bli trodd på" in seen[0]
    assert tried == []
    with pytest.raises(OSError):  # the block was in force
        socket.create_connection(("127.0.0.1", 9))
    assert [name for name, _ in tried] == ["create_connection"]
