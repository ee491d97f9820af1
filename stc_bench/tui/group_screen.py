"""What steps 3 and 4 share: one code group at a time, ``g`` ``]`` ``[`` to change it,
and the other code groups read ahead in a thread so that changing is instant."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.worker import get_current_worker

from ..domain.model import CodeGroup
from .base import StepScreen
from .dialogs import Choice, PickerScreen, PromptScreen
from .i18n import counted, tr
from .linelist import LineList

#: How many meaning units of other code groups a step reads ahead at most. On a thesis
#: (a few thousand units) that is every group; at 10x the bench corpus's 40,000 units a
#: group holds ~130,000, and reading every group ahead held all 400,000 units, their
#: lines and layouts in each of steps 3 and 4 (981 MB at the peak of the memory walk).
#: A group over the budget is read when it is shown.
READ_AHEAD_UNITS = 30_000


class ReadAhead(Message):
    """A code group read ahead in a thread, as of trail event ``seq``."""

    def __init__(self, group_id: int, seq: int, view: Any, last: bool):
        super().__init__()
        self.group_id = group_id
        self.seq = seq
        self.view = view
        self.last = last


class GroupScreen(StepScreen):
    """A step that works on one code group at a time (steps 3 and 4).

    ``g`` picks a code group from a list; ``]`` and ``[`` step to the next and previous
    one in place (no dialog), which is how a researcher goes through the groups.
    """

    GROUPS = Binding.Group("Code group", compact=True)
    BINDINGS = [
        Binding("g", "choose_group", "Code group", id="group_choose", group=GROUPS,
                tooltip="Choose a code group from a list (] and [: the next and previous)"),
        Binding("right_square_bracket", "step_group(1)", "Next code group", key_display="]",
                id="group_next", group=GROUPS),
        Binding("left_square_bracket", "step_group(-1)", "Previous code group", key_display="[",
                id="group_previous", group=GROUPS),
    ]

    def reload(self, seq: int | None = None) -> None:  # pragma: no cover - overridden
        """Re-read the code group shown (``seq``: the trail's last seq, if the caller has
        just read it)."""

    def code_groups_at(self, seq: int | None = None) -> list[CodeGroup]:
        """The code groups in order, read again only when the trail has moved on
        (``seq``: ``Workbench.last_seq()`` if the caller has it)."""
        seq = self.wb.last_seq() if seq is None else seq
        cached = getattr(self, "_code_groups", None)
        if cached is None or cached[0] != seq:
            cached = self._code_groups = (seq, self.wb.code_groups())
        return cached[1]

    def group(self, seq: int | None = None) -> CodeGroup | None:
        """The code group open in steps 3 and 4 (the first one if that one is gone)."""
        groups = self.code_groups_at(seq)
        found = next((g for g in groups if g.id == self.app.code_group_id), None)
        if found is None:
            found = groups[0] if groups else None
            self.app.code_group_id = found.id if found else None
        return found

    # -- reading the other code groups ahead ---------------------------------------------
    # A screen that shows one code group at a time (``self._shown`` = (group, seq)) reads
    # the others in a thread once its group is on screen, so that ] and [ and the picker
    # switch without waiting for the database. It says what it has (``has_ahead``), how to
    # read one group off the UI thread (``ahead_reader``) and keeps what comes back
    # (``keep_ahead``).

    def has_ahead(self, group_id: int, seq: int) -> bool:
        return True

    def ahead_reader(self, seq: int) -> Callable[[int], Any]:
        raise NotImplementedError

    def keep_ahead(self, group_id: int, view: Any) -> None:
        """Keep a group read ahead (only called while the trail is still at its seq)."""

    def forget_ahead(self, shown: int | None) -> None:
        """Let go of every code group but ``shown`` (the screen is left for another)."""

    def on_screen_suspend(self) -> None:
        """Leaving for another step: the other code groups read ahead (tens of thousands of
        units and their lines on a thesis-size project) are let go, so steps 3 and 4 and the
        search screen do not all hold every unit at once; the group on screen stays.
        Coming back reads them ahead again once the screen is shown."""
        self.workers.cancel_group(self, "read-ahead")
        shown = getattr(self, "_shown", None)
        self.forget_ahead(shown[0] if shown else None)
        for lines in self.query(LineList):
            lines.forget_pages()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        shown = getattr(self, "_shown", None)
        if shown is not None and shown[0] is not None:
            self.call_after_refresh(self.read_ahead, shown[0], shown[1])

    def read_ahead(self, shown: int, seq: int) -> None:
        """Read the code groups other than ``shown`` in a thread, next and previous first."""
        if getattr(self, "_shown", None) != (shown, seq):
            return  # moved on already
        ids = [g.id for g in self.code_groups_at(seq)]
        if shown not in ids or len(ids) < 2:
            return
        at = ids.index(shown)
        order = [ids[(at + d) % len(ids)] for d in (1, -1, *range(2, len(ids)))]
        wanted = [g for g in dict.fromkeys(order) if g != shown and not self.has_ahead(g, seq)]
        if not wanted:
            return
        read, wb = self.ahead_reader(seq), self.wb

        def run() -> None:
            worker = get_current_worker()
            counts, budget = wb.units_per_group(), READ_AHEAD_UNITS
            chosen = []
            for group_id in wanted:  # next and previous first, as long as the budget lasts
                if counts.get(group_id, 0) <= budget:
                    chosen.append(group_id)
                    budget -= counts.get(group_id, 0)
            for group_id in chosen:
                if worker.is_cancelled or wb.last_seq() != seq:
                    return
                self.post_message(ReadAhead(group_id, seq, read(group_id), group_id == chosen[-1]))
        self.run_worker(run, name="read ahead", group="read-ahead", thread=True,
                        exclusive=True, exit_on_error=False)

    def on_read_ahead(self, message: ReadAhead) -> None:
        shown = getattr(self, "_shown", None)
        if shown is not None and message.seq == shown[1] and message.group_id != shown[0]:
            self.keep_ahead(message.group_id, message.view)
        if message.last:
            # Tens of thousands of units and lines now live until the next change: keep them
            # out of the collector's full passes, which would otherwise walk them all every
            # few hundred keys (a 50–80 ms pause). Freed by reference counting as usual.
            gc.freeze()

    def action_choose_group(self) -> None:
        def chosen(key: str | None) -> None:
            if key:
                self.app.code_group_id = int(key)
                self.reload()  # once: the resume after the picker finds nothing changed
        counts = self.wb.units_per_group()
        choices = [Choice(str(g.id), g.name, counted(counts.get(g.id, 0), "{n} unit", "{n} units"))
                   for g in self.wb.code_groups()]
        self.app.push_screen(PickerScreen(tr("Code group"), choices), chosen)

    def action_step_group(self, delta: int) -> None:
        """Show the next (``delta`` 1) or previous (-1) code group, wrapping around."""
        seq = self.wb.last_seq()
        ids = [g.id for g in self.code_groups_at(seq)]
        if not ids:
            return
        current = self.app.code_group_id
        at = ids.index(current) if current in ids else -delta
        self.app.code_group_id = ids[(at + delta) % len(ids)]
        self.reload(seq)

    def ask(self, title: str, value: str, then) -> None:
        def done(answer: str | None) -> None:
            if answer is not None:
                then(answer)
        self.app.push_screen(PromptScreen(title, value), done)

    def highlighted_id(self, selector: str) -> int | None:
        options = self.query_one(selector)
        if isinstance(options, LineList):
            key = options.highlighted_key
            return int(key) if key is not None else None
        if (not isinstance(options, OptionList) or options.highlighted is None
                or not options.option_count):
            return None
        return int(str(options.get_option_at_index(options.highlighted).id))  # ids are str(row id)
