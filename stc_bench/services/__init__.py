"""The service layer: the only write path. Start with :class:`Workbench`."""

from .reading import VerifyReport
from .workbench import Workbench, default_actor

__all__ = ["Workbench", "VerifyReport", "default_actor"]
