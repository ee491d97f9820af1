"""Keys per meaning unit in step 2, planned and then replayed in the real app.

    .venv/bin/python -m bench.effort --transcripts A.docx B.srt --units units.jsonl [--json]
    .venv/bin/python -m bench.effort --quick            # a small fixture (the CI check)

The transcripts are imported into a temporary project through the real import path, the
code groups named in the units file are created (in the order they first appear), and the
suggestions are made once (free, as is entering step 2). Then, for each gold unit in
document order, a planner finds the fewest of step 2's real keys that create that unit
with its exact span and code group, starting from the state the previous unit left
(``bench/effort_model.py`` models the keys; only keys whose effect does not depend on the
window size, no mouse). Finally the whole plan is pressed in the real app (headless, through
Textual's Pilot) and every unit is checked in the project file.
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import json
import sys
import tempfile
from collections import deque
from pathlib import Path

from bench.effort_model import Doc, Step2Model
from bench.gold import edge_hit, load_units, locate

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "units_dev"
QUICK = ROOT / "bench" / "fixtures" / "effort"

NAV_KEYS = ("N", "P", "n", "p", "w", "W")
START_KEYS = ("left_curly_bracket", "right_curly_bracket", "ctrl+shift+left", "ctrl+shift+right")
END_KEYS = ("right_square_bracket", "left_square_bracket", "j", "ctrl+right", "ctrl+left")
SELECT_KEYS = ("shift+right", "shift+left")
MAX_NAV = 400  # navigation states explored per unit
MAX_EDGE = 40  # presses to move one edge


# -- the project --------------------------------------------------------------------------

def build_project(folder: Path, transcripts: list[Path], units: list[dict]):
    """Import, make the code groups and the suggestions; returns (path, gold) where gold
    is a list of (document id, start, end, code group id, unit dict) in document order."""
    from stc_bench.ingest.batch import import_one
    from stc_bench.nlp import suggest_units
    from stc_bench.services import Workbench

    path = folder / "effort.stc"
    wb = Workbench.create(path, title="Effort", question="Keys per meaning unit", actor="bench")
    try:
        docs = {}
        for file in transcripts:
            docs[Path(file).name] = import_one(wb, Path(file)).document
        groups: dict[str, int] = {}
        for unit in units:
            if unit["code_group"] not in groups:
                groups[unit["code_group"]] = wb.add_code_group(unit["code_group"]).id
        suggest_units(wb)
        gold = []
        for unit in units:
            doc = docs.get(unit["file"])
            if doc is None:
                raise ValueError(f"{unit['file']}: no such transcript given")
            try:
                start, end = locate(doc.text, unit["text"])
            except ValueError as exc:
                raise ValueError(f"{unit['file']}: {exc}") from None
            gold.append((doc.id, start, end, groups[unit["code_group"]], unit))
        gold.sort(key=lambda g: (g[0], g[1]))
    finally:
        wb.close()
    return path, gold


def model_of(path: Path) -> Step2Model:
    """The step 2 screen as it stands after the suggestions, in the model."""
    from stc_bench.domain.model import Document
    from stc_bench.services import Workbench
    from stc_bench.tui.step2_edit import Sentences, sentence_atoms

    wb = Workbench.open(path, actor="bench")
    try:
        docs = []
        for d in wb.list(Document):
            if d.superseded:
                continue
            turns = wb.turns(d.id)
            docs.append(Doc(d.id, d.text, turns, Sentences(sentence_atoms(d.text, turns)),
                            suggestions={s.id: (s.start, s.end) for s in wb.suggestions(d.id)}))
        model = Step2Model(docs, [g.id for g in wb.code_groups()])
    finally:
        wb.close()
    first = next((m for m in model.marks() if m.kind == "suggestion"), None)
    model.focus_on(first)  # what the app does when the suggestions arrive
    return model


# -- the planner ---------------------------------------------------------------------------

def code_keys(model: Step2Model, group_id: int) -> list[str]:
    n = model.groups.index(group_id) + 1
    if n > 9:
        raise ValueError("more than nine code groups: the planner codes with digits only")
    return [str(n)]


def plan_unit(model: Step2Model, doc_id: int, start: int, end: int, group_id: int) -> list[str] | None:
    """The fewest keys from ``model``'s state that leave a unit ``[start, end)`` coded into
    ``group_id``: navigate (N P n p w W), then move the edges, then a digit."""
    index = next(i for i, d in enumerate(model.docs) if d.id == doc_id)
    best: list[str] | None = None
    for nav, state in _navigation(model):
        if best is not None and len(nav) + 1 >= len(best):
            break  # navigation states come cheapest first
        if state.doc != index:
            continue
        for tail in _shapes(state, start, end):
            keys = nav + tail + code_keys(state, group_id)
            if best is not None and len(keys) >= len(best):
                continue
            if _creates(state, tail + code_keys(state, group_id), doc_id, start, end, group_id):
                best = keys
    return best


def _navigation(model: Step2Model):
    """(keys, state) for every state the navigation keys reach, fewest keys first."""
    seen = {model.key()}
    queue = deque([([], model)])
    explored = 0
    while queue and explored < MAX_NAV:
        keys, state = queue.popleft()
        explored += 1
        yield keys, state
        for key in NAV_KEYS:
            twin = state.clone()
            twin.press(key)
            k = twin.key()
            if k not in seen:
                seen.add(k)
                queue.append((keys + [key], twin))


def _shapes(state: Step2Model, start: int, end: int):
    """Key sequences that reshape what the state focuses or selects into ``[start, end)``
    (without the final digit), cheapest first for each way of getting there."""
    current = state.current()
    if current is not None and current.kind == "suggestion" and _near(current, start, end):
        for ends in _edge_plans(state, current.end, end, "end"):
            for starts in _edge_plans(state, current.start, start, "start"):
                yield ends + starts
                yield starts + ends
    sel = state.selection()
    anchor = sel and min(state.anchor, state.caret)
    if sel is not None and anchor is not None and abs(anchor - start) <= 2:
        path = _caret_path(state, end)
        if path is not None:
            yield path
    if sel is None and abs(state.caret - start) <= 2:
        path = _caret_path(state, end)
        if path is not None:
            yield path


def _near(mark, start: int, end: int) -> bool:
    return mark.start < end and mark.end > start or abs(mark.end - start) < 400 or abs(mark.start - end) < 400


def _edge_plans(state: Step2Model, have: int, want: int, side: str) -> list[list[str]]:
    """The shortest key sequences moving one edge of the focused suggestion from ``have``
    to ``want`` (a Dijkstra over edge positions, other edge held)."""
    if have == want:
        return [[]]
    keys = START_KEYS if side == "start" else END_KEYS
    frontier = [(0, 0, [], state)]
    seen = {have}
    counter = 0
    while frontier:
        cost, _n, path, st = heapq.heappop(frontier)
        if cost >= MAX_EDGE:
            break
        for key in keys:
            twin = st.clone()
            twin.press(key)
            cur = twin.current()
            if cur is None:
                continue
            pos = cur.start if side == "start" else cur.end
            if pos == want:
                return [path + [key]]
            if pos not in seen:
                seen.add(pos)
                counter += 1
                heapq.heappush(frontier, (cost + 1, counter, path + [key], twin))
    return []


def _caret_path(state: Step2Model, want_end: int) -> list[str] | None:
    """shift+right / shift+left presses that end a selection from the caret at ``want_end``."""
    if state.selection() is not None and (_final_span(state) or (0, -1))[1] == want_end:
        return []
    frontier = deque([([], state)])
    seen = {state.caret}
    while frontier:
        path, st = frontier.popleft()
        if len(path) > MAX_EDGE:
            return None
        for key in SELECT_KEYS:
            twin = st.clone()
            twin.press(key)
            if twin.caret in seen:
                continue
            seen.add(twin.caret)
            final = _final_span(twin) if twin.selection() is not None else None
            if final is not None and final[1] == want_end:
                return path + [key]
            frontier.append((path + [key], twin))
    return None


def _final_span(state: Step2Model):
    from stc_bench.tui.step2_edit import selected_span

    return selected_span(state.docs[state.doc].text, state.anchor, state.caret)


def _creates(state: Step2Model, keys: list[str], doc_id: int, start: int, end: int, group: int) -> bool:
    twin = state.clone()
    for key in keys:
        twin.press(key)
    d = next(d for d in twin.docs if d.id == doc_id)
    return any(span == (start, end) and group in d.codings.get(uid, set())
               for uid, span in d.units.items())


def plan(model: Step2Model, gold) -> list[dict]:
    """A plan per gold unit, each applied to the model before the next is planned."""
    steps = []
    for doc_id, start, end, group, unit in gold:
        keys = plan_unit(model, doc_id, start, end, group)
        steps.append({"file": unit["file"], "text": unit["text"][:80], "span": [start, end],
                      "keys": keys, "planned": keys is not None})
        if keys is not None:
            for key in keys:
                model.press(key)
    return steps


# -- the replay ----------------------------------------------------------------------------

async def replay(path: Path, gold, steps: list[dict]) -> None:
    """Press every planned key in the real app and check each unit after its keys."""
    from stc_bench.domain.model import Coding, MeaningUnit
    from stc_bench.tui.app import make_app

    app = make_app(path, actor="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        async def settle():
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
        await pilot.press("2")
        await settle()
        await pilot.press("alt+s")  # "starting the suggestions once" (free)
        await settle()
        await settle()
        for (doc_id, start, end, group, _unit), step in zip(gold, steps, strict=True):
            if not step["planned"]:
                step["replayed_ok"] = False
                continue
            for key in step["keys"]:
                await pilot.press(key)
                await settle()
            units = app.wb.list(MeaningUnit, document_id=doc_id)
            found = [u for u in units if (u.start, u.end) == (start, end)]
            step["replayed_ok"] = bool(found) and any(
                c.code_group_id == group for c in app.wb.list(Coding, unit_id=found[0].id))
        await pilot.press("ctrl+q")


# -- figures -------------------------------------------------------------------------------

def suggestion_edges(path: Path, gold) -> tuple[int, int, int]:
    """(edges, edges hit, units equal to exactly one suggestion) before any key."""
    from stc_bench.domain.model import Document
    from stc_bench.services import Workbench

    wb = Workbench.open(path, actor="bench")
    try:
        texts = {d.id: d.text for d in wb.list(Document)}
        sugs: dict[int, list[tuple[int, int]]] = {}
        for s in wb.suggestions():
            sugs.setdefault(s.document_id, []).append((s.start, s.end))
    finally:
        wb.close()
    hit = exact = 0
    for doc_id, start, end, _g, _u in gold:
        spans = sugs.get(doc_id, [])
        text = texts[doc_id]
        hit += edge_hit(text, start, "start", [a for a, _ in spans])
        hit += edge_hit(text, end, "end", [b for _, b in spans])
        exact += (start, end) in spans
    return 2 * len(gold), hit, exact


def measure(transcripts: list[Path], units_path: Path) -> dict:
    units = load_units(units_path)
    with tempfile.TemporaryDirectory(prefix="stc-effort-") as tmp:
        path, gold = build_project(Path(tmp), transcripts, units)
        edges, hit, exact = suggestion_edges(path, gold)
        steps = plan(model_of(path), gold)
        asyncio.run(replay(path, gold, steps))
    planned = [s for s in steps if s["planned"]]
    keys = sum(len(s["keys"]) for s in planned)
    return {"units": len(steps), "planned": len(planned), "keys": keys,
            "keys_per_unit": round(keys / len(planned), 2) if planned else None,
            "edges": edges, "edges_hit": hit, "edges_hit_share": round(hit / edges, 3) if edges else None,
            "exact_one_suggestion": exact,
            "replayed_ok": sum(1 for s in steps if s.get("replayed_ok")),
            "details": steps}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.effort", description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", nargs="+", type=Path)
    parser.add_argument("--units", type=Path)
    parser.add_argument("--quick", action="store_true", help="the small fixture in bench/fixtures/effort")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.transcripts = sorted(p for p in QUICK.iterdir() if p.suffix in (".txt", ".docx", ".srt"))
        args.units = QUICK / "units.jsonl"
    elif not args.transcripts or not args.units:
        args.transcripts = [DEV / "Fokusgruppe_A.docx", DEV / "Fokusgruppe_B.srt"]
        args.units = DEV / "units.jsonl"
    try:
        result = measure(args.transcripts, args.units)
    except (ValueError, KeyError) as exc:
        print(f"bench.effort: error: {args.units}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(f"units {result['units']}  planned {result['planned']}  replayed ok {result['replayed_ok']}")
        print(f"keys {result['keys']}  keys per unit {result['keys_per_unit']}")
        print(f"edges hit {result['edges_hit']}/{result['edges']}  "
              f"exactly one suggestion {result['exact_one_suggestion']}/{result['units']}")
    ok = result["planned"] == result["units"] == result["replayed_ok"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
