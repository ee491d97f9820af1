"""The app's keys for reading an analysis as a supervisor does (they change nothing, so
they work in review mode too): ``T`` traces a claim of the chapter back to the transcript,
``C`` shows the supervisor's checklist.

Kept out of ``app.py`` so the app stays a thin shell: the bindings are listed in the
app's ``BINDINGS`` and the actions come with :class:`SupervisorActions`.
"""

from __future__ import annotations

from textual.binding import Binding

SUPERVISOR_BINDINGS = [
    Binding("T", "trace", "Trace a claim", id="trace", key_display="T",
            tooltip="The chapter's paragraph or quote → subgroup → condensate and its units "
                    "→ the transcript; Esc goes back one level"),
    Binding("C", "checklist", "Supervisor's checklist", id="checklist", key_display="C",
            tooltip="Per subgroup condensate, golden quote, text, validation; edited quotes; "
                    "who is silent; coded share; theme history; consent and deletion"),
]


class SupervisorActions:
    """Actions of :data:`SUPERVISOR_BINDINGS` (mixed into the app)."""

    def action_trace(self) -> None:
        """T: the chapter at the current paragraph or quote (step 4), one level per key."""
        from .trace import TraceScreen

        if isinstance(self.screen, TraceScreen):
            return
        start = getattr(self.screen, "trace_start", lambda: None)()
        self.push_screen(TraceScreen(start))

    def action_checklist(self) -> None:
        """C: the supervisor's checklist; Esc returns."""
        from .checklist import ChecklistScreen

        if not isinstance(self.screen, ChecklistScreen):
            self.push_screen(ChecklistScreen())
