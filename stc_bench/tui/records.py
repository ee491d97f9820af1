"""Records: the data-management record, informants with attributes and consent, and the
interview guide versions with the interviews that used them."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from ..domain.model import Consent, Informant
from .base import StepScreen
from .dialogs import Choice, PickerScreen, PromptScreen
from .footer import FittedFooter
from .i18n import tr

#: Data-management fields in the order a thesis's method chapter reports them.
FIELDS = [("ethics_ref", "Ethics reference (REK)"), ("sikt_ref", "Sikt reference"),
          ("recordings_location", "Where recordings are kept"),
          ("key_location", "Where the name key is kept"),
          ("planned_deletion", "Planned deletion date"), ("actual_deletion", "Actual deletion date"),
          ("access", "Who has access (comma-separated)"), ("notes", "Notes")]
CONSENT = ("given", "pending", "withdrawn")


def parse_attributes(line: str) -> dict[str, str | None]:
    """``"sector=privat; age band=30–39; site="`` → attributes; an empty value removes one."""
    out: dict[str, str | None] = {}
    for part in line.replace(",", ";").split(";"):
        key, sep, value = part.partition("=")
        if key.strip() and sep:
            out[key.strip()] = value.strip() or None
    return out


class RecordsScreen(StepScreen):
    """Three lists: data management, informants, interview guides. Tab moves between them."""

    STEP = "records"
    BINDINGS = [
        Binding("e", "edit", "Edit", id="records_edit",
                tooltip="Edit the field, the informant's attributes, or link the guide"),
        Binding("c", "consent", "Consent", id="records_consent"),
        Binding("n", "new_guide", "New guide", id="records_new_guide"),
        Binding("l", "link_guide", "Link guide", id="records_link_guide",
                tooltip="Record which guide version an interview used"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="records"):
            yield Label(Text(tr("Data management")), classes="pane-title")
            yield OptionList(id="dm")
            yield Label(Text(tr("Informants")), classes="pane-title")
            yield OptionList(id="informants")
            yield Label(Text(tr("Interview guides")), classes="pane-title")
            yield OptionList(id="guides")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#dm", OptionList).focus()

    def reload(self) -> None:
        record = self.wb.data_management()
        self._fill("#dm", [(f, self._field_line(label, getattr(record, f))) for f, label in FIELDS])
        consents = self.wb.consents()
        self._fill("#informants", [(str(i.id), self._informant_line(i, consents.get(i.id)))
                                   for i in self.wb.informants()])
        docs = self.wb.current_documents()
        lines = []
        for guide in self.wb.interview_guides():
            used = [d.title for d in docs if d.interview_guide_id == guide.id]
            line = Text(f"v{guide.version} ", style="bold")
            line.append(guide.title)
            line.append(f"  {tr('used by')}: {', '.join(used) or '—'}", style="dim")
            lines.append((str(guide.id), line))
        unlinked = [d.title for d in docs if d.interview_guide_id is None]
        if unlinked:
            lines.append(("none", Text(f"{tr('No guide recorded')}: {', '.join(unlinked)}",
                                       style="italic")))
        self._fill("#guides", lines)

    def _fill(self, selector: str, lines: list[tuple[str, Text]]) -> None:
        options = self.query_one(selector, OptionList)
        at = options.highlighted
        options.clear_options()
        for key, line in lines:
            options.add_option(Option(line, id=key))
        if options.option_count:
            options.highlighted = min(at or 0, options.option_count - 1)

    @staticmethod
    def _field_line(label: str, value: Any) -> Text:
        shown = ", ".join(value) if isinstance(value, list) else str(value or "")
        line = Text(f"{tr(label)}: ", style="bold")
        line.append(shown or "—", style="" if shown else "dim")
        return line

    @staticmethod
    def _informant_line(informant: Informant, consent: Consent | None) -> Text:
        line = Text(informant.label, style="bold")
        if informant.role:
            line.append(f" · {informant.role}")
        attrs = "; ".join(f"{k}={v}" for k, v in sorted(informant.attributes.items()))
        line.append(f" · {attrs or tr('no attributes')}", style="" if attrs else "dim")
        if consent is None:
            line.append(f" · {tr('consent')}: ? {tr('not recorded')}", style="bold")
        else:
            mark = {"given": "✓", "pending": "…", "withdrawn": "✗"}.get(consent.status, "?")
            line.append(f" · {tr('consent')}: {mark} {tr(consent.status)} {consent.date}".rstrip())
        return line

    def _highlighted(self, selector: str) -> str | None:
        options = self.query_one(selector, OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    def _ask(self, title: str, value: str, then) -> None:
        def done(answer: str | None) -> None:
            if answer is not None:
                then(answer)
        self.app.push_screen(PromptScreen(title, value), done)

    def _done(self, _result: Any) -> None:
        self.reload()

    # -- actions -------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_edit()  # enter on a list edits its entry

    def action_edit(self) -> None:
        focused = self.focused.id if self.focused else None
        if focused == "informants":
            self._edit_attributes()
        elif focused == "guides":
            self.action_link_guide()
        else:
            self._edit_field()

    def _edit_field(self) -> None:
        field = self._highlighted("#dm")
        if field is None:
            return
        label = dict(FIELDS)[field]
        value = getattr(self.wb.data_management(), field)

        def save(answer: str) -> None:
            new: Any = [a.strip() for a in answer.split(",") if a.strip()] if field == "access" \
                else answer.strip()
            self.app.write(self.wb.set_data_management, **{field: new}, then=self._done)
        self._ask(tr(label), ", ".join(value) if isinstance(value, list) else value, save)

    def _edit_attributes(self) -> None:
        key = self._highlighted("#informants")
        if key is None:
            return
        informant = self.wb.informant(int(key))
        current = "; ".join(f"{k}={v}" for k, v in sorted(informant.attributes.items()))

        def save(answer: str) -> None:
            attrs = parse_attributes(answer)
            gone = {k: None for k in informant.attributes if k not in attrs}
            self.app.write(partial(self.wb.set_informant_attributes, informant.id,
                                   **{**gone, **attrs}), then=self._done)
        self._ask(f"{tr('Attributes of')} {informant.label} (key=value; …)", current, save)

    def action_consent(self) -> None:
        key = self._highlighted("#informants")
        if key is None:
            self.notify(tr("Move to an informant first (tab)"))
            return
        informant = self.wb.informant(int(key))

        def chosen(status: str | None) -> None:
            if status:
                self._ask(f"{tr('Date of consent')} ({informant.label}, YYYY-MM-DD)", "",
                          lambda date: self.app.write(self.wb.set_consent, informant.id, status,
                                                      date.strip(), then=self._done))
        self.app.push_screen(PickerScreen(f"{tr('Consent')}: {informant.label}",
                                          [Choice(s, tr(s)) for s in CONSENT]), chosen)

    def action_new_guide(self) -> None:
        self._ask(tr("Title of the new interview guide version"), "",
                  lambda title: self.app.write(self.wb.add_interview_guide, title, then=self._done))

    def action_link_guide(self) -> None:
        docs = self.wb.current_documents()
        guides = self.wb.interview_guides()
        if not docs or not guides:
            self.notify(tr("Add a guide (n) and import transcripts first"), severity="warning")
            return
        preset = self._highlighted("#guides") if self.focused and self.focused.id == "guides" else None

        def pick_guide(doc_key: str | None) -> None:
            if not doc_key:
                return
            if preset and preset != "none":
                self.app.write(self.wb.link_interview_guide, int(doc_key), int(preset),
                               then=self._done)
                return
            choices = [Choice(str(g.id), f"v{g.version} {g.title}") for g in guides]

            def link(guide_key: str | None) -> None:
                if guide_key:
                    self.app.write(self.wb.link_interview_guide, int(doc_key), int(guide_key),
                                   then=self._done)
            self.app.push_screen(PickerScreen(tr("Which guide version?"), choices), link)
        self.app.push_screen(PickerScreen(tr("Which interview?"), self.document_choices()),
                             pick_guide)
