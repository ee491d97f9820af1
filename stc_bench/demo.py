"""The bundled demo project: a fictitious interview study, worked through STC's steps."""

from __future__ import annotations

from pathlib import Path

from .services import Workbench

DEMO_TITLE = "Jobbstøtte og psykisk helse (demo)"
DEMO_QUESTION = ("Hvordan opplever deltakere i individuell jobbstøtte (IPS) veien tilbake "
                 "til arbeid, og hva i støtten betyr mest for dem?")


def build_demo(path: Path, actor: str = "demo") -> Workbench:
    """Create the demo project at ``path`` and return it open."""
    return Workbench.create(path, title=DEMO_TITLE, question=DEMO_QUESTION, actor=actor)
