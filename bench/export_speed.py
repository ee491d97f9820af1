"""How fast is the Word export, and does it grow linearly with the analysis?

Builds synthetic projects through the service layer — G code groups × S subgroups × N
meaning units per subgroup, each subgroup with a condensate, a golden quote, analytic
text and one quote per ten units — at a baseline size and at ``--scale`` times it, then
times each export (open read-only + read + build + write, best of ``--repeat``).

    .venv/bin/python bench/export_speed.py                 # 3×3×200 and 4× that
    .venv/bin/python bench/export_speed.py --units 50 --scale 2 --repeat 1   # quick

Target (issue 7): 3 code groups × 3 subgroups × 200 units → chapter in < 2 s; the
ratio between the two sizes close to the size ratio (linear).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stc_bench.domain.transcript import TranscriptDraft, TurnDraft  # noqa: E402
from stc_bench.export.api import ExportOptions, export_csv, export_docx, export_md  # noqa: E402
from stc_bench.services import Workbench  # noqa: E402

INFORMANTS = 8
OPENINGS = ("Jeg husker", "Det som hjalp var", "Ærlig talt var", "For meg betydde",
            "Jobbspesialisten sa om", "På arbeidsplassen merket jeg")
MIDDLES = ("møte nummer {k} med jobbspesialisten", "uke {k} i praksisen på lageret",
           "samtale {k} med sjefen om åpenhet", "dag {k} da jeg nesten ga opp")
ENDINGS = ("og det ga meg mot.", "men jeg var redd for å bli avvist.",
           "så jeg fortsatte å møte opp.", "og [latter] det gikk faktisk fint.")


def sentence(k: int) -> str:
    return (f"{OPENINGS[k % len(OPENINGS)]} {MIDDLES[k % len(MIDDLES)].format(k=k)}, "
            f"{ENDINGS[(k // 3) % len(ENDINGS)]}")


def transcript(label: str, first: int, count: int) -> tuple[TranscriptDraft, list[tuple[int, int]]]:
    """A labelled interview whose informant turns hold ``count`` numbered sentences;
    returns the draft and the span of each sentence (one meaning unit each)."""
    lines, spans, turns, pos = [], [], [], 0
    for k in range(first, first + count):
        question = f"I: Kan du si mer om punkt {k}?"
        turns.append(TurnDraft("I", pos, pos + len(question), is_interviewer=True))
        lines.append(question)
        pos += len(question) + 1
        answer = f"{label}: {sentence(k)}"
        turns.append(TurnDraft(label, pos, pos + len(answer), is_interviewer=False))
        spans.append((pos + len(label) + 2, pos + len(answer)))
        lines.append(answer)
        pos += len(answer) + 1
    return TranscriptDraft("\n".join(lines), tuple(turns), "txt"), spans


def build(path: Path, groups: int, subgroups: int, units: int) -> dict[str, int]:
    total = groups * subgroups * units
    per_doc = -(-total // INFORMANTS)
    with Workbench.create(path, title="Benchmark jobbstøtte", actor="bench") as wb:
        wb.set_setting("chapter_intro", "Kapitlet presenterer funnene.")
        spans: list[tuple[int, int, int]] = []
        for i in range(INFORMANTS):
            draft, doc_spans = transcript(f"JS{i + 1}", i * per_doc, per_doc)
            doc = wb.import_transcript(draft, source_name=f"JS{i + 1}.txt", informant=f"JS{i + 1}",
                                       source_sha256=hashlib.sha256(draft.text.encode()).hexdigest())
            spans += [(doc.id, s, e) for s, e in doc_spans]
        n = 0
        for g in range(groups):
            group = wb.add_code_group(f"gruppe{g}", heading=f"Kategori {g + 1}: åpenhet og mestring")
            wb.set_analytic_text("Innledende analytisk tekst for kategorien.", code_group_id=group.id)
            for s in range(subgroups):
                sub = wb.add_subgroup(group.id, f"sub{g}.{s}", heading=f"Subgruppe {g + 1}.{s + 1}")
                ids = []
                for _ in range(units):
                    doc_id, start, end = spans[n % len(spans)]
                    n += 1
                    unit = wb.create_unit(doc_id, start, end, code_group_ids=[group.id])
                    wb.assign_unit(unit.id, sub.id)
                    ids.append(unit.id)
                wb.set_condensate(sub.id, "Jeg fikk støtte som gjorde at jeg turte.", ids[:5])
                wb.set_golden_quote(sub.id, ids[0])
                wb.set_analytic_text("Deltakerne beskrev støtten som avgjørende.\n\n"
                                     "Flere la vekt på tryggheten.", subgroup_id=sub.id)
                for unit_id in ids[::10]:
                    wb.add_quote(unit_id, subgroup_id=sub.id, lead_in="En deltaker sa det slik:")
    return {"units": total}


PARTS = (("docx chapter", export_docx, "chapter"), ("docx codebook", export_docx, "codebook"),
         ("docx matrix", export_docx, "matrix"), ("docx audit", export_docx, "audit"),
         ("md chapter", export_md, "chapter"), ("csv units", export_csv, "units"))


def time_exports(path: Path, out: Path, repeat: int) -> dict[str, float]:
    best: dict[str, float] = {}
    for name, fn, part in PARTS:
        for r in range(repeat):
            target = out / f"{path.stem}-{part}-{r}.{name.split()[0]}"
            t0 = time.perf_counter()
            with Workbench.open(path, read_only=True) as wb:
                fn(wb, path, target, ExportOptions(part=part))
            best[name] = min(best.get(name, 1e9), time.perf_counter() - t0)
    return best


def time_cli(path: Path, out: Path) -> float:
    """Wall time of ``stc-bench export docx`` as a user runs it (interpreter start included)."""
    exe = Path(sys.executable).with_name("stc-bench")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "stc_bench"]
    t0 = time.perf_counter()
    subprocess.run([*cmd, "export", "docx", str(path), "-o", str(out / "cli.docx"), "--force"],
                   check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=3)
    parser.add_argument("--subgroups", type=int, default=3)
    parser.add_argument("--units", type=int, default=200, help="meaning units per subgroup (baseline)")
    parser.add_argument("--scale", type=int, default=4, help="size of the second project vs. baseline")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        results = {}
        for factor in (1, args.scale):
            path = tmpdir / f"bench{factor}.stc"
            t0 = time.perf_counter()
            size = build(path, args.groups, args.subgroups, args.units * factor)
            built = time.perf_counter() - t0
            print(f"built {args.groups}×{args.subgroups}×{args.units * factor} = {size['units']} "
                  f"units in {built:.1f} s", flush=True)
            results[factor] = time_exports(path, tmpdir, args.repeat)
            if factor == 1:
                cli = time_cli(path, tmpdir)
    print(f"\n{'export':<15}{'1× (s)':>10}{f'{args.scale}× (s)':>10}{'ratio':>8}")
    for name, *_ in PARTS:
        a, b = results[1][name], results[args.scale][name]
        print(f"{name:<15}{a:>10.3f}{b:>10.3f}{b / a:>8.2f}")
    chapter = results[1]["docx chapter"]
    ok = chapter < 2.0
    print(f"\nbaseline chapter export {chapter:.3f} s in-process, {cli:.2f} s as a command "
          f"(`stc-bench export docx`, interpreter start included): {'OK' if ok else 'SLOW'} "
          f"(target < 2 s); linear means ratio ≤ {args.scale}")
    ok = ok and cli < 2.0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
