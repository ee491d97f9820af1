"""Trace a claim: from a paragraph or quote of the results chapter back to what was said.

``T`` opens the chapter as the export builds it, at the paragraph or quote step 4 has
current. Each ``enter`` goes one level down — the claim → its subgroup → the subgroup's
condensate and the units it condenses → a unit in its transcript, with the turns around
it — and ``Esc`` goes back one level (from the chapter: back to where ``T`` was pressed).
Reads only: it works the same in review mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..export.chapter import Paragraph, QuoteBlock, build_chapter
from ..export.snapshot import load_snapshot
from .footer import FittedFooter
from .i18n import counted, localise_bindings, tr
from .workers import BackgroundCalls

#: Where tracing starts: ("quote", quote id) or ("paragraph", analytic text id, index).
Start = tuple[str, ...] | None


@dataclass
class Level:
    """One level of the trace: a title, the choices to follow, their details."""

    kind: str  # chapter, subgroup, condensate
    title: str
    options: list[tuple[str | None, Text]]  # (key to follow or None for a heading, line)
    details: dict[str, Text] = field(default_factory=dict)
    highlighted: int | None = None
    #: what a key leads to: the subgroups of a claim, the units of a condensate
    targets: dict[str, list[int]] = field(default_factory=dict)


def chapter_level(wb: Any, start: Start) -> Level:
    """The chapter's headings, analytic paragraphs and quotes; each claim leads to the
    subgroup it stands in (a code group's introduction: to all its subgroups). Reads only."""
    chapter = build_chapter(load_snapshot(wb))
    level = Level("chapter", tr("The results chapter"), [])
    want = None
    if start and start[0] == "quote":
        want = f"q:{start[1]}"
    elif start and start[0] == "paragraph":
        want = f"p:{start[1]}:{start[2]}"

    def blocks(items, subgroup_ids: list[int]) -> None:
        for block in items:
            if isinstance(block, QuoteBlock):
                key = f"q:{block.quote_id}"
                line = Text("    " + block.quoted()[:300], style="italic")
                detail = Text(block.lead_in + "\n" if block.lead_in else "", style="dim")
                detail.append(block.quoted())
            elif isinstance(block, Paragraph) and not block.placeholder and block.text_id:
                key = f"p:{block.text_id}:{block.index}"
                line = Text("  " + block.text[:300])
                detail = Text(block.text)
            else:
                level.options.append((None, Text("  " + block.text[:300], style="dim yellow")))
                continue
            level.options.append((key, line))
            level.details[key] = detail
            level.targets[key] = subgroup_ids

    level.options.append((None, Text(chapter.heading(), style="bold underline")))
    for section in chapter.sections:
        level.options.append((None, Text(f"{section.number} {section.heading}".strip(),
                                         style="bold")))
        blocks(section.blocks, [s.subgroup_id for s in section.subsections])
        for sub in section.subsections:
            level.options.append((None, Text(f"{sub.number} {sub.heading}".strip(), style="bold")))
            blocks(sub.blocks, [sub.subgroup_id])
    keys = [k for k, _ in level.options]
    level.highlighted = (keys.index(want) if want is not None and want in keys else
                         next((i for i, k in enumerate(keys) if k), None))
    return level


def subgroup_level(wb: Any, subgroup_ids: list[int]) -> Level:
    """The subgroups a claim rests on: heading, units, golden quote, validation."""
    level = Level("subgroup", tr("Subgroup"), [])
    validated = wb.validated_units()
    for sub_id in subgroup_ids:
        sub = wb.subgroup(sub_id)
        units = wb.units_in_subgroup(sub_id)
        key = f"s:{sub.id}"
        level.options.append((key, Text(sub.heading or sub.name, style="bold")))
        detail = Text(f"{tr('Subgroup')}: {sub.name}\n")
        detail.append(tr("{units}, {v} re-read in context").format(
            units=counted(len(units), "{n} meaning unit", "{n} meaning units"),
            v=sum(1 for u in units if u.id in validated)) + "\n")
        golden = wb.unit(sub.golden_quote_unit_id) if sub.golden_quote_unit_id else None
        detail.append(f"{tr('Golden quote')}: ", style="bold")
        detail.append(" ".join(golden.snippet.split()) if golden else tr("(none yet)"))
        level.details[key] = detail
        level.targets[key] = [sub.id]
    level.highlighted = 0 if level.options else None
    return level


def condensate_level(wb: Any, subgroup_id: int, quoted_unit: int | None) -> Level:
    """A subgroup's condensate and the units it condenses (enter: one in its transcript)."""
    sub = wb.subgroup(subgroup_id)
    cond = wb.condensate(subgroup_id)
    text = cond.text if cond and cond.text.strip() else ""
    level = Level("condensate", f"{tr('Condensate')} · {sub.heading or sub.name}", [])
    head = Text(text, style="italic") if text else Text(
        tr("(no condensate yet: write it in step 3)"), style="dim")
    level.options.append((None, head))
    labels = wb.unit_labels()
    validated = wb.validated_units()
    ids = wb.condensate_units(subgroup_id)
    for unit_id in ids:
        unit = wb.unit(unit_id)
        key = f"u:{unit.id}"
        line = Text("✓ " if unit.id in validated else "· ",
                    style="green" if unit.id in validated else "dim")
        line.append(labels.of(unit.id, unit.document_id) + ": ", style="bold")
        line.append(" ".join(unit.snippet.split())[:300])
        if unit.id == sub.golden_quote_unit_id:
            line.append("  ★ " + tr("golden quote"), style="yellow")
        if unit.id == quoted_unit:
            line.append("  ❝ " + tr("quoted"), style="cyan")
        level.options.append((key, line))
        level.details[key] = Text(unit.snippet)
        level.targets[key] = ids
    keys = [k for k, _ in level.options]
    want = f"u:{quoted_unit}"
    level.highlighted = keys.index(want) if want in keys else (1 if len(keys) > 1 else 0)
    return level


class TraceScreen(BackgroundCalls, Screen[None]):
    """The chapter → subgroup → condensate and units → transcript, one key each."""

    STEP = "trace"
    BINDINGS = [
        Binding("escape", "back", "Back", id="trace_back", priority=True),
        Binding("enter", "follow", "Follow", id="trace_follow",
                tooltip="One level down: subgroup, condensate and its units, the transcript"),
    ]

    def __init__(self, start: Start = None):
        super().__init__()
        localise_bindings(self)
        self.start = start
        self.levels: list[Level] = []
        self._quoted_unit: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="trace-title", markup=False)
        yield OptionList(id="trace-list")
        yield Static("", id="trace-detail", markup=False)
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        # the whole chapter is read, as the export reads it: in a thread
        self.in_background(chapter_level, self.app.wb, self.start, then=self._push, group="read")

    def _push(self, level: Level) -> None:
        self.levels.append(level)
        self._show()

    def _show(self) -> None:
        level = self.levels[-1]
        wanted = level.highlighted  # (filling the list moves the highlight)
        crumbs = Text(" › ".join(lv.title for lv in self.levels), style="bold")
        crumbs.append("  ·  " + tr("enter: follow · Esc: back one level"), style="dim")
        self.query_one("#trace-title", Label).update(crumbs)
        options = self.query_one(OptionList)
        options.clear_options()
        for i, (key, line) in enumerate(level.options):
            options.add_option(Option(line, id=key or f"_{i}"))
        if wanted is not None and level.options:
            options.highlighted = level.highlighted = wanted
        self._detail()

    def _key(self) -> str | None:
        options = self.query_one(OptionList)
        if not self.levels or options.highlighted is None:
            return None
        return self.levels[-1].options[options.highlighted][0]

    def _detail(self) -> None:
        key = self._key()
        detail = self.levels[-1].details.get(key) if key and self.levels else None
        self.query_one("#trace-detail", Static).update(detail or "")

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        if self.levels:
            self.levels[-1].highlighted = self.query_one(OptionList).highlighted
        self._detail()

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_follow()

    def action_follow(self) -> None:
        key, wb = self._key(), self.app.wb
        if key is None:
            return
        level = self.levels[-1]
        targets = level.targets.get(key, [])
        if level.kind == "chapter":
            if not targets:
                self.notify(tr("No subgroup behind this text yet"), severity="warning")
                return
            self._quoted_unit = (wb.quote(int(key[2:])).unit_id if key.startswith("q:")
                                 else None)
            self._push(subgroup_level(wb, targets))
        elif level.kind == "subgroup":
            self._push(condensate_level(wb, targets[0], self._quoted_unit))
        elif level.kind == "condensate":
            from .recontext import RecontextScreen

            self.app.push_screen(RecontextScreen(wb, targets, targets.index(int(key[2:])),
                                                 heading=tr("Trace")))

    def action_back(self) -> None:
        if len(self.levels) > 1:
            self.levels.pop()
            self._show()
        else:
            self.dismiss(None)
