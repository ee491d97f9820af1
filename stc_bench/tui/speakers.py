"""Mapping the speakers of a focus-group transcript to informants (issue 17).

The overview's ``m`` (or the palette) opens :class:`SpeakersDialog` for the transcript at
the cursor: one line per participant's speaker label with the informant it is (the current
mapping, else the proposal: ``Behandler 2`` → ``Behandler 2``, role ``behandler``) and the
role, both editable, and the group's name kept as the informants' ``gruppe``. The
moderator is shown but cannot be mapped. An empty informant field leaves that speaker as
it is. Enter saves the whole mapping as one undoable event (``Workbench.map_speakers``)
in a thread; Esc cancels. The same as ``stc-bench speakers PROJECT DOC --map …``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from ..domain.model import GROUP_ATTRIBUTE
from .i18n import counted, localise_bindings, tr


@dataclass(frozen=True)
class SpeakerMapping:
    """What the dialog returns: ``{speaker: (informant label, role)}`` and the group."""

    mapping: dict[str, tuple[str, str]]
    group: str


class SpeakersDialog(ModalScreen[SpeakerMapping | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="speakers_cancel"),
        Binding("ctrl+s", "save", "Save", id="speakers_save"),
    ]

    def __init__(self, title: str, speakers, labels: dict[int, str], group: str) -> None:
        super().__init__()
        localise_bindings(self, help_first=False)
        self.heading, self.labels, self.group = title, labels, group
        self.speakers = tuple(speakers)
        self.participants = [s for s in self.speakers if not s.interviewer]

    def compose(self) -> ComposeResult:
        with Vertical(id="speakers", classes="dialog"):
            yield Label(Text(tr("Speakers of {title}").format(title=self.heading)),
                        classes="dialog-title")
            with Horizontal(classes="speaker-row speaker-head"):
                yield Label(Text(tr("Speaker label"), style="bold"), classes="speaker-label")
                yield Label(Text(tr("Informant (pseudonym)"), style="bold"), classes="speaker-who")
                yield Label(Text(tr("Role"), style="bold"), classes="speaker-role")
            with VerticalScroll(id="speaker-rows"):
                for n, s in enumerate(self.participants):
                    current = self.labels.get(s.informant_id, "") if s.informant_id else ""
                    with Horizontal(classes="speaker-row"):
                        yield Label(Text(counted(s.turns, "{label} ({n} turn)", "{label} ({n} turns)",
                                                 label=s.label)),
                                    classes="speaker-label")
                        yield Input(value=current or s.proposed_label, id=f"who-{n}",
                                    placeholder=tr("informant"), classes="speaker-who", compact=True)
                        yield Input(value=s.proposed_role, id=f"role-{n}",
                                    placeholder=tr("role"), classes="speaker-role", compact=True)
                for s in self.speakers:
                    if s.interviewer:
                        yield Static(Text(tr("{label}: moderator, not an informant").format(
                            label=s.label), style="dim"))
            yield Label(Text(tr("Group (kept as the informants' {attribute})").format(
                attribute=GROUP_ATTRIBUTE)))
            yield Input(value=self.group, id="speakers-group", compact=True)
            yield Static(Text(tr("Tab: next field · Enter: save the mapping (one undoable step) · "
                                 "an empty informant: not mapped · Esc: cancel"), style="dim"))

    def on_mount(self) -> None:
        if self.participants:
            self.query_one("#who-0", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        mapping = {}
        for n, s in enumerate(self.participants):
            who = self.query_one(f"#who-{n}", Input).value.strip()
            if who:
                mapping[s.label] = (who, self.query_one(f"#role-{n}", Input).value.strip())
        group = self.query_one("#speakers-group", Input).value.strip()
        self.dismiss(SpeakerMapping(mapping, group) if mapping else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def map_document_speakers(screen, document_id: int) -> None:
    """Open the mapping for one transcript of ``screen`` (the overview); on save, write it
    in a thread and refresh the overview."""
    app = screen.app
    wb = app.wb
    if wb.read_only:
        screen.notify(tr("This project is open read-only for review: nothing can be changed."),
                      title=tr("Read only"), severity="warning")
        return
    view = wb.speaker_mapping(document_id)
    doc, speakers, labels = view.document, view.speakers, view.labels
    if not any(not s.interviewer for s in speakers):
        screen.notify(tr("{title} has no participant speaker labels to map").format(title=doc.title),
                      title=tr("Speakers"), markup=False)
        return

    def chosen(result: SpeakerMapping | None) -> None:
        if result is None:
            return

        def saved(rows) -> None:
            screen.notify(counted(len(rows), "{n} speaker of {title} mapped (ctrl+z undoes)",
                                  "{n} speakers of {title} mapped (ctrl+z undoes)", title=doc.title), title=tr("Speakers"), markup=False)
            screen.reload()
        app.write(wb.map_speakers, document_id, result.mapping, result.group, then=saved)

    app.push_screen(SpeakersDialog(doc.title, speakers, labels, labels.get(doc.informant_id, doc.title)),
                    callback=chosen)
