"""A footer that shows whole keys only: what does not fit is left out, never cut.

Textual's Footer lays its keys out in a row and lets the last ones run off the right
edge (or under the command-palette key docked there), cutting a label mid-word. The
keys come in the order of the focus chain — the focused widget's, the screen's, then
the app's — and ``?`` help first, so leaving out the keys from the first one that does
not fit keeps the screen's most-used keys and drops app-wide ones first at 80 columns.
Every key left out is still in the command palette (ctrl+p) and in ``?`` help.
"""

from __future__ import annotations

from textual.widgets import Footer, Label
from textual.widgets._footer import FooterLabel

from .i18n import tr

#: What the footer calls the focused pane, by the widget's id.
PANES = {
    "transcript": "Transcript", "context-view": "Transcript", "themes": "Themes",
    "impression": "Memo", "units": "Meaning units", "subgroups": "Subgroups", "outline": "Outline",
    "analytic": "Analytic text", "condensate": "Condensate", "documents": "Transcripts",
    "hits": "Hits", "quotes": "Quotes", "informants": "Informants", "guides": "Interview guides",
    "dm": "Data management", "matrix": "Coverage", "shares": "Coded share",
    "quote-display": "Quote", "quote-lead-in": "Lead-in sentence",
}


def pane_name(widget) -> str | None:
    """The name of the pane ``widget`` is (None for one without a name)."""
    name = PANES.get(getattr(widget, "id", None) or "")
    return tr(name) if name else None


class FittedFooter(Footer):
    """A Footer that hides the keys (and key groups) that would not show in full.

    It fits after each layout of its screen (Textual's layout-refresh signal), when the
    keys' places are known: no retries against the clock, so a busy machine that lays the
    screen out late only fits it late."""

    #: True once a layout showed every key left in full (tests wait for it, not for time).
    fitted = False

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def on_unmount(self) -> None:
        self.screen.screen_layout_refresh_signal.unsubscribe(self)

    def _shown(self) -> tuple:
        """What the footer would show: the focused pane's name and each shown key."""
        keys = tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                     for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                     if binding.show)
        return pane_name(self.screen.focused), keys

    def bindings_changed(self, screen) -> None:
        # Textual recomposes every key on each bindings signal (focus, mount, a worker's
        # end…): at start-up four times before the first frame, ~0.1 s each. Only when what
        # is shown changed.
        if (screen is self.screen and self._bindings_ready
                and getattr(self, "_composed", None) == self._shown()):
            return
        super().bindings_changed(screen)

    def compose(self):
        if self._bindings_ready:
            self._composed = self._shown()
        name = pane_name(self.screen.focused)
        if name:  # keys go to this pane: say which (recomposed on every focus change)
            yield Label(f"▸ {name}", classes="focused-pane", markup=False)
        self.fitted = False
        yield from super().compose()

    def on_resize(self) -> None:
        # another width: show every key again; the layout this causes fits them anew
        self.fitted = False
        for item in self.children:
            item.display = True

    def _laid_out(self, _screen: object) -> None:
        if self.is_attached:
            self._fit()

    def _fit(self) -> None:
        items = [w for w in self.children
                 if not w.has_class("-command-palette") and not w.has_class("focused-pane")]
        palette = [w for w in self.children if w.has_class("-command-palette")]
        if not items:
            self.fitted = True
            return
        if not all(item.region.width for item in items if item.display):
            return  # not laid out yet (keys just composed): the next layout fits them
        limit = palette[0].region.x if palette and palette[0].display else self.region.right
        cut = next((i for i, item in enumerate(items)
                    if item.display and item.region.right > limit), None)
        self.fitted = cut is None
        if cut is None:
            return
        if isinstance(items[cut], FooterLabel) and cut > 0:
            cut -= 1  # a group's label goes with its keys
        for item in items[cut:]:
            item.display = False
