"""What step 2's key mixins use of the screen they are mixed into.

``CodingKeys`` (step2_code), ``ReshapeKeys`` (step2_adjust) and ``SuggestionKeys``
(step2_suggest) each hold one family of keys, and call the screen and one another: the
transcript view, the unit or suggestion in focus, making a unit, redrawing after a change.
:class:`Step2Host` is their common base and declares those members with their types, so
the type checker holds each mixin to them and holds ``Step2Screen`` (which defines the
screen's own ones) to the same signatures.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .base import StepScreen
from .workers import BackgroundCalls

if TYPE_CHECKING:
    from ..domain.model import CodeGroup, MeaningUnit
    from .transcript import Mark, TranscriptView


class Step2Host(BackgroundCalls, StepScreen):
    """The step 2 screen as its key mixins see it."""

    #: the filters (``f``): this informant's transcripts, the units of this code group
    only_informant: int | None = None
    only_group: int | None = None

    if TYPE_CHECKING:  # defined by Step2Screen (step2.py) or by one of the mixins
        @property
        def view(self) -> TranscriptView: ...

        def current_unit(self) -> MeaningUnit | None: ...

        def current_suggestion(self) -> Mark | None: ...

        def _current_unit_mark(self) -> Mark | None: ...

        def _info(self) -> None: ...

        def _make_unit(self, group_ids: tuple[int, ...],
                       done: Callable[[MeaningUnit], None] | None = None) -> bool: ...

        def _focus_unit(self, unit: MeaningUnit) -> None: ...

        def _after_change(self, focus: Mark | None = None) -> None: ...

        def action_code_unit(self) -> None: ...  # CodingKeys

        def _pick_group(self, title: str, coded: set[int],
                        then: Callable[[CodeGroup], object]) -> None: ...  # CodingKeys

        def action_accept_and_code(self) -> None: ...  # SuggestionKeys
