"""Step 1 — total impression: read the transcripts, write the impression, name themes."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Label, OptionList, TextArea
from textual.widgets.option_list import Option

from ..domain.errors import StcError
from ..domain.model import Theme
from .base import StepScreen
from .dialogs import Choice, PickerScreen, PromptScreen
from .editor import EditorArea
from .footer import FittedFooter
from .guide_codebook import GuideCodebookScreen
from .i18n import tr
from .transcript import TranscriptView
from .workers import BackgroundCalls


class Step1Screen(BackgroundCalls, StepScreen):
    """Transcript reader beside the total-impression memo and the preliminary themes."""

    STEP = "step1"
    BINDINGS = [
        Binding("d", "choose_document", "Transcript", id="step1_document",
                tooltip="Open another transcript"),
        Binding("a", "add_theme", "Add theme", id="step1_add_theme"),
        Binding("r", "rename_theme", "Rename", id="step1_rename_theme"),
        Binding("e", "describe_theme", "Describe", id="step1_describe_theme"),
        Binding("w", "theme_notes", "Notes", id="step1_theme_notes",
                tooltip="Where the theme was seen"),
        Binding("x", "delete_theme", "Delete", id="step1_delete_theme"),
        Binding("ctrl+up", "move_theme(-1)", "Move up", id="step1_theme_up", key_display="^↑"),
        Binding("ctrl+down", "move_theme(1)", "Move down", id="step1_theme_down", key_display="^↓"),
        Binding("g", "promote", "→ code group", id="step1_promote",
                tooltip="Promote the theme into a code group (the theme is kept)"),
        Binding("s", "promote_subgroup", "→ subgroup", id="step1_promote_subgroup",
                tooltip="Promote the theme into a subgroup of a code group (the theme is kept)"),
        Binding("G", "guide_codebook", "From the guide", id="step1_guide_codebook", show=False,
                tooltip="Template analysis: code groups proposed from the interview guide"),
        Binding("ctrl+s", "save_impression", "Save memo", id="step1_save"),
        Binding("m", "focus_memo", "Memo", id="step1_memo", show=False),
        Binding("t", "focus_themes", "Themes", id="step1_themes", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="reader", classes="pane"):
                yield Label("", id="doc-title", markup=False)
                yield TranscriptView(id="transcript")
            with Vertical(id="side", classes="pane"):
                yield Label(Text(tr("Total impression (helhetsinntrykk)")), classes="pane-title")
                yield EditorArea(id="impression", return_to="#themes")
                yield Label(Text(tr("Preliminary themes")), classes="pane-title")
                yield OptionList(id="themes")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#impression", TextArea).load_text(self.wb.impression())
        self._shown_doc: int | None = None
        self._echoes: dict[int, Any] = {}  # theme id → the guide question it restates
        self.reload()

    def reload(self) -> None:
        self._show_document()
        self._fill_themes()
        self._read_echoes()

    def _read_echoes(self, announce: int | None = None) -> None:
        """Which themes restate an interview-guide question (lemma tables load in a thread);
        ``announce``: a theme just added, to warn about at once."""
        def shown(echoes: dict) -> None:
            if echoes != self._echoes:
                self._echoes = echoes
                self._fill_themes(keep=self._highlighted_id())
            if announce in echoes:
                echo = echoes[announce]
                self.notify(tr("{name!r} mostly repeats guide question {n}: «{q}». Is it what "
                               "the informants said, or what they were asked?").format(
                                   name=echo.name, n=echo.question_no, q=echo.question),
                            severity="warning")
        self.in_background(_theme_echoes, self.wb, then=shown, group="echoes")

    def _highlighted_id(self) -> int | None:
        theme = self._theme()
        return theme.id if theme is not None else None

    def _show_document(self) -> None:
        view = self.query_one(TranscriptView)
        title = self.query_one("#doc-title", Label)
        doc_id = self.app.document_id
        if doc_id is None:
            title.update(Text(tr("No transcripts yet — press 0 then i to import some (or run: stc-bench import PROJECT FILE…)")))
            view.show("", [])
            return
        if doc_id == self._shown_doc:
            return
        doc = self.wb.document(doc_id)
        label = self.wb.informant(doc.informant_id).label if doc.informant_id else "—"
        title.update(Text(f"{doc.title} · {label} · " + tr("d: another transcript")))
        view.show(doc.text, self.wb.turns(doc.id))
        self._shown_doc = doc_id

    def _fill_themes(self, keep: int | None = None) -> None:
        themes = self.query_one("#themes", OptionList)
        at = themes.highlighted
        themes.clear_options()
        for i, theme in enumerate(self.wb.themes(), 1):
            line = Text(f"{i}. {theme.name}", style="bold")
            if theme.promoted_to:
                line.append(f"  → {self._became(theme.promoted_to)}", style="green")
            if theme.description:
                line.append(f"\n   {theme.description}", style="italic")
            if theme.notes:
                line.append("\n   " + tr("seen: {notes}").format(notes=theme.notes), style="dim")
            echo = self._echoes.get(theme.id)
            if echo is not None:
                line.append("\n   ⚠ " + tr("repeats guide question {n}").format(n=echo.question_no),
                            style="yellow")
            themes.add_option(Option(line, id=str(theme.id)))
        if themes.option_count:
            if keep is not None:
                at = themes.get_option_index(str(keep))
            themes.highlighted = min(at or 0, themes.option_count - 1)

    def _became(self, promoted_to: str) -> str:
        """What a promoted theme became, by name (``subgroup:3`` → ``subgroup 'X' in 'Y'``)."""
        kind, _, id_ = promoted_to.partition(":")
        try:
            if kind == "subgroup":
                sub = self.wb.subgroup(int(id_))
                group = self.wb.code_group(sub.code_group_id)
                return f"{tr('subgroup')} {sub.name!r} {tr('in')} {group.name!r}"
            return f"{tr('code group')} {self.wb.code_group(int(id_)).name!r}"
        except (StcError, ValueError):  # deleted since: the trail still has it
            return promoted_to.replace("_", " ").replace(":", " ")

    def comment_target(self) -> tuple[str, int] | None:
        theme = self._theme()
        return ("theme", theme.id) if theme is not None else None

    def _theme(self) -> Theme | None:
        themes = self.query_one("#themes", OptionList)
        if themes.highlighted is None:
            return None
        return self.wb.theme(int(themes.get_option_at_index(themes.highlighted).id or 0))

    def _ask(self, title: str, value: str, then) -> None:
        def done(answer: str | None) -> None:
            if answer is not None:
                then(answer)
        self.app.push_screen(PromptScreen(title, value), done)

    def action_add_theme(self) -> None:
        def added(theme: Theme) -> None:
            self._fill_themes(keep=theme.id)
            self._warn_count()
            self._read_echoes(announce=theme.id)
        self._ask(tr("New preliminary theme"), "",
                  lambda name: self.app.write(self.wb.add_theme, name, then=added))

    def _warn_count(self) -> None:
        n = len(self.wb.themes())
        if n > 8:
            self.notify(tr("{n} themes: STC usually keeps 4–8 in step 1").format(n=n), severity="warning")

    def action_rename_theme(self) -> None:
        theme = self._theme()
        if theme:
            self._ask(tr("Rename theme"), theme.name, lambda v: self._edit(theme.id, name=v))

    def action_describe_theme(self) -> None:
        theme = self._theme()
        if theme:
            self._ask(tr("Describe {name!r}").format(name=theme.name), theme.description,
                      lambda v: self._edit(theme.id, description=v))

    def action_theme_notes(self) -> None:
        theme = self._theme()
        if theme:
            self._ask(tr("Where was {name!r} seen?").format(name=theme.name), theme.notes,
                      lambda v: self._edit(theme.id, notes=v))

    def _edit(self, theme_id: int, **values: str) -> None:
        def edited(_theme: Theme) -> None:
            self._fill_themes(keep=theme_id)
            if "name" in values:
                self._read_echoes(announce=theme_id)
        self.app.write(partial(self.wb.edit_theme, theme_id, **values), then=edited)

    def action_delete_theme(self) -> None:
        theme = self._theme()
        if theme is None:
            return

        def deleted(_result: object) -> None:
            self._fill_themes()
            self.notify(tr("Deleted theme {name!r} (ctrl+z undoes)").format(name=theme.name))
        self.app.write(self.wb.delete_theme, theme.id, then=deleted)

    def action_move_theme(self, delta: int) -> None:
        theme = self._theme()
        if theme is None:
            return
        ids = [t.id for t in self.wb.themes()]
        i = ids.index(theme.id)
        j = max(0, min(len(ids) - 1, i + delta))
        if i != j:
            ids[i], ids[j] = ids[j], ids[i]
            self.app.write(self.wb.reorder_themes, ids,
                           then=lambda _themes: self._fill_themes(keep=theme.id))

    def action_promote(self) -> None:
        theme = self._theme()
        if theme is None:
            return

        def promoted(group: Any) -> None:
            self.notify(tr("Theme {theme!r} is now code group {group!r}").format(
                theme=theme.name, group=group.name))
            self._fill_themes(keep=theme.id)
        self.app.write(self.wb.promote_theme, theme.id, "code_group", then=promoted)

    def action_promote_subgroup(self) -> None:
        theme = self._theme()
        if theme is None:
            return
        groups = self.wb.code_groups()
        if not groups:
            self.notify(tr("No code groups yet: promote a theme into one first (g)"),
                        severity="warning")
            return
        choices = [Choice(str(g.id), g.name, f"{len(self.wb.subgroups(g.id))} subgroups")
                   for g in groups]

        def chosen(key: str | None) -> None:
            if not key:
                return
            group = next(g for g in groups if g.id == int(key))

            def promoted(_sub: object) -> None:
                self.notify(tr("Theme {theme!r} is now a subgroup of {group!r}").format(
                    theme=theme.name, group=group.name))
                self._fill_themes(keep=theme.id)
            self.app.write(self.wb.promote_theme, theme.id, "subgroup", code_group_id=int(key),
                           then=promoted)
        self.app.push_screen(PickerScreen(f"{theme.name}: {tr('subgroup of which code group?')}",
                                          choices), chosen)

    def action_guide_codebook(self) -> None:
        """Propose code groups from the newest guide's main questions (template analysis)."""
        def proposed(found) -> None:
            if found is None:
                self.notify(tr("No interview guide with text yet: add one with stc-bench guide "
                               "PROJECT --add FILE"), severity="warning")
                return
            guide, proposals = found
            if not proposals:
                self.notify(tr("The interview guide has no main questions to propose from"),
                            severity="warning")
                return

            def chosen(picked: list[tuple[str, str]] | None) -> None:
                if picked:
                    self.app.write(self.wb.add_guide_code_groups, picked, guide.id,
                                   then=adopted)
            self.app.push_screen(GuideCodebookScreen(guide.version, proposals), chosen)

        def adopted(groups) -> None:
            self.notify(tr("{n} a-priori code groups added from the guide").format(n=len(groups)))
            self.app.changed()
        self.in_background(_guide_proposals, self.wb, then=proposed)

    def action_save_impression(self) -> None:
        text = self.query_one("#impression", TextArea).text
        if text != self.wb.impression():
            self.app.write(self.wb.set_impression, text,
                           then=lambda _memo: self.notify(tr("Saved the total-impression memo")))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._memo_dirty = True

    def on_descendant_blur(self, event) -> None:
        if isinstance(event.widget, TextArea):
            self.save_pending()

    def save_pending(self) -> None:
        if getattr(self, "_memo_dirty", False):
            self._memo_dirty = False
            if not self.wb.read_only:
                self.action_save_impression()

    def action_focus_memo(self) -> None:
        self.query_one("#impression", EditorArea).open_from(self.app.focused)

    def action_focus_themes(self) -> None:
        self.query_one("#themes", OptionList).focus()


def _guide_proposals(wb):
    """The newest guide with text and the code groups proposed from it, or None."""
    from ..nlp.guide import newest_guide, propose_code_groups

    guide = newest_guide(wb)
    return (guide, propose_code_groups(guide.text)) if guide is not None else None


def _theme_echoes(wb) -> dict:
    """Theme id → its guide echo (``nlp.guide``), read off the UI thread."""
    from ..nlp.guide import project_echoes

    return {echo.item_id: echo for kind, echo in project_echoes(wb) if kind == "theme"}
