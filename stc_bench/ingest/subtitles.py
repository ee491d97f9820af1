"""WebVTT and SubRip (webvtt-py): cues merged into speaker turns with media times.

Speakers come from ``<v Name>`` voice tags, ``Name:`` prefixes or ``[SPEAKER_00]``
diarisation labels; a cue without one continues the previous speaker. Without any
speaker, cues are merged into paragraphs at pauses of two seconds or more.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import webvtt

from .base import Block, IngestError
from .speakers import SpeakerRules, _time_ms, find_label

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]*>")
_PAUSE_MS = 2000


def cue_blocks(text: str, fmt: str, rules: SpeakerRules | None = None
               ) -> tuple[list[Block], list[str]]:
    """One paragraph per speaker turn (``Name: …``) with its media start and end in ms."""
    rules = rules or SpeakerRules.from_settings(None)
    cues = _parse(text, fmt)
    if not cues:
        raise IngestError(f"has no cues (an empty .{fmt}); check that it is the transcript")
    counts = Counter(label for label, *_ in cues if label)
    turns: list[list] = []  # [label, [texts], start_ms, end_ms]
    current = None  # the last speaker named; unnamed cues continue it
    for label, utterance, start, end in cues:
        if label and not (counts[label] >= 2 or rules.is_known(label)):
            label, utterance = None, f"{label}: {utterance}"
        label = label or current
        last = turns[-1] if turns else None
        if last and last[0] == label and (label or start - last[3] < _PAUSE_MS):
            last[1].append(utterance)
            last[3] = end
        else:
            turns.append([label, [utterance], start, end])
        current = label
    blocks = []
    for label, texts, start, end in turns:
        body = " ".join(t for t in texts if t)
        blocks.append(Block(f"{label}: {body}" if label else body, label=label,
                            media_start_ms=start, media_end_ms=end))
    return blocks, []


def _parse(text: str, fmt: str) -> list[tuple[str | None, str, int, int]]:
    try:
        captions = webvtt.WebVTT.from_buffer(io.StringIO(text), format=fmt).captions
        cues = []
        for cue in captions:
            label, lines = None, []
            for line in cue.lines:
                voice = _VOICE.search(line)
                if voice and label is None:
                    label = " ".join(voice.group(1).split())
                lines.append(" ".join(_TAG.sub("", line).split()))
            body = " ".join(line for line in lines if line)
            if label is None:
                found = find_label(body)
                if found is not None and found.label:
                    label, body = found.label, body[found.skip:]
            if body.strip():
                cues.append((label, body.strip(), _time_ms(cue.start) or 0,
                             _time_ms(cue.end) or 0))
        return cues
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - webvtt-py raises many kinds on bad input
        raise IngestError(f"is not a readable .{fmt} file ({type(exc).__name__}); check it in "
                          "the tool that made it and export it again") from None
