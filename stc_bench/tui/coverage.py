"""Coverage: who speaks in which subgroup (informant × subgroup), and each transcript's
coded share — the supervisor's "who is silent where?"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Label, Static

from .base import StepScreen
from .footer import FittedFooter
from .i18n import tr
from .overview import document_rows

SILENT = "·"  # a glyph, not only a colour, marks a silent informant


@dataclass(frozen=True)
class Coverage:
    """Meaning units per informant and subgroup. Columns are ``(code, subgroup id, label)``
    with ``code`` like ``2.1`` (code group 2, subgroup 1)."""

    informants: list[tuple[int | None, str]]
    columns: list[tuple[str, int, str]]
    cells: dict[tuple[int | None, int], int]

    def silent(self, subgroup_id: int) -> list[str]:
        """Labels of the informants with no unit in the subgroup."""
        return [label for inf, label in self.informants if not self.cells.get((inf, subgroup_id))]


def by_role(cov: Coverage, roles: dict[int, str]) -> Coverage:
    """The same counts summed per role (``roles``: informant id → role): a focus group's
    behandlere together, the leaders together; an informant without a role under "—"."""
    role_of = {inf: (roles.get(inf) or "").strip() or "—" for inf, _label in cov.informants
               if inf is not None}
    names = sorted(set(role_of.values()), key=str.casefold)
    key = {name: n for n, name in enumerate(names)}
    rows: list[tuple[int | None, str]] = [(key[name], name) for name in names]
    if any(inf is None for inf, _label in cov.informants):
        rows.append((None, "—" if "—" not in key else tr("(no informant)")))
    cells: dict[tuple[int | None, int], int] = {}
    for (inf, sub_id), n in cov.cells.items():
        row = key[role_of[inf]] if inf in role_of else None
        cells[(row, sub_id)] = cells.get((row, sub_id), 0) + n
    return Coverage(rows, cov.columns, cells)


def coverage(wb: Any) -> Coverage:
    """Count assigned meaning units per (informant, subgroup) through the service layer."""
    with wb.one_read():  # one state of the project: every count below agrees
        return _coverage(wb)


def _coverage(wb: Any) -> Coverage:
    informant_of = {d.id: d.informant_id for d in wb.current_documents()}
    current = {u.id for u in wb.units() if u.document_id in informant_of}
    units = {u: informant for u, informant in wb.unit_informants().items() if u in current}
    groups = wb.group_informants()  # a focus group's own label: its units are its participants'
    informants: list[tuple[int | None, str]] = [(i.id, i.label) for i in wb.informants()
                                                if i.id not in groups]
    if any(v is None for v in informant_of.values()):
        informants.append((None, "—"))
    columns = []
    for g, group in enumerate(wb.code_groups(), 1):
        for s, sub in enumerate(wb.subgroups(group.id), 1):
            columns.append((f"{g}.{s}", sub.id, f"{group.heading or group.name} › "
                                               f"{sub.heading or sub.name}"))
    cells: dict[tuple[int | None, int], int] = {}
    for a in wb.assignments():
        if a.unit_id in units:
            key = (units[a.unit_id], a.subgroup_id)
            cells[key] = cells.get(key, 0) + 1
    return Coverage(informants, columns, cells)


def share_bar(share: float, width: int = 10) -> str:
    """A bar that reads without colour: ``███░░░░░░░``."""
    full = round(max(0.0, min(1.0, share)) * width)
    return "█" * full + "░" * (width - full)


class CoverageScreen(StepScreen):
    """The informant × subgroup matrix and the coded share of every transcript."""

    STEP = "coverage"
    BINDINGS = [Binding("r", "reload", "Refresh", id="coverage_refresh"),
                Binding("b", "by_role", "By role", id="coverage_by_role",
                        tooltip="Rows per role (focus groups, mixed studies) or per informant")]

    def __init__(self) -> None:
        super().__init__()
        self.per_role = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="coverage"):
            yield Label(Text(tr("Informants × subgroups (units per cell)")), classes="pane-title",
                        id="coverage-title")
            yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
            yield Static("", id="legend", markup=False)
            yield Label(Text(tr("Coded share per transcript")), classes="pane-title")
            yield DataTable(id="shares", cursor_type="row", zebra_stripes=True)
        yield FittedFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#matrix", DataTable).focus()

    def action_reload(self) -> None:
        self.reload()

    def action_by_role(self) -> None:
        self.per_role = not self.per_role
        self.reload()

    def reload(self) -> None:
        cov = coverage(self.wb)
        if self.per_role:
            cov = by_role(cov, self.wb.informant_roles())
        self.query_one("#coverage-title", Label).update(Text(
            tr("Roles × subgroups (units per cell)") if self.per_role else
            tr("Informants × subgroups (units per cell)")))
        matrix = self.query_one("#matrix", DataTable)
        matrix.clear(columns=True)
        matrix.add_column(tr("Role") if self.per_role else tr("Informant"), key="informant")
        for code, sub_id, _label in cov.columns:
            matrix.add_column(code, key=str(sub_id))
        matrix.add_column(tr("Total"), key="total")
        for inf, label in cov.informants:
            counts = [cov.cells.get((inf, sub_id), 0) for _c, sub_id, _l in cov.columns]
            row = [Text(label, style="bold")]
            row += [Text(str(n)) if n else Text(SILENT, style="dim") for n in counts]
            total = sum(counts)
            row.append(Text(str(total) if total else f"{SILENT} {tr('silent')}", style="bold"))
            matrix.add_row(*row, key=str(inf))
        self.query_one("#legend", Static).update(self._legend(cov))
        shares = self.query_one("#shares", DataTable)
        shares.clear(columns=True)
        shares.add_columns(tr("Transcript"), tr("Informant"), tr("Units"), tr("Coded"), "")
        for doc in document_rows(self.wb):
            shares.add_row(Text(doc.title), Text(doc.informant), str(doc.units),
                           share_bar(doc.coded_share), doc.coded_cell(), key=str(doc.id))

    def _legend(self, cov: Coverage) -> Text:
        legend = Text()
        if not cov.columns:
            legend.append(tr("No subgroups yet: make them in step 3."), style="italic")
            return legend
        for code, sub_id, label in cov.columns:
            legend.append(f"{code:>5}  ", style="bold")
            legend.append(label)
            silent = cov.silent(sub_id)
            if silent:
                legend.append(f"   {SILENT} {tr('silent')}: {', '.join(silent)}", style="italic")
            legend.append("\n")
        return legend
