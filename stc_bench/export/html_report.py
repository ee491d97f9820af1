"""``stc-bench export html``: the supervisor's browser report, one self-contained file.

Example::

    with Workbench.open("projects/demo.stc", read_only=True) as wb:
        result = export_html(wb, "projects/demo.stc", options=HtmlOptions(transcripts=False))
        print(result.path, result.size)

The page is rendered by Jinja2 with autoescaping, so every piece of project text is
escaped; the only raw text inserted is our own stylesheet and script, which the page's
Content-Security-Policy allows by their SHA-256 alone (no other script can run, and
``default-src 'none'`` keeps the browser from fetching anything at all).
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from ..domain.errors import StcError
from ..domain.model import ReviewMark, Turn, Validation
from .checklist_section import checklist_section
from .files import default_target, write_export
from .html_model import Report, ReportInput, build_report
from .html_transcripts import turn_html
from .leaving import check, text_pieces
from .parts import HTML_PARTS
from .snapshot import load_snapshot

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class HtmlOptions:
    part: str = "chapter"
    label_style: str | None = None
    number_from: int | None = None
    numbers: bool = True
    transcripts: bool = True  # --no-transcripts: only the quoted units and golden quotes
    force: bool = False
    scan: Any = None  # the anonymity check (nlp.anonymity.Scanner.scan); None: not checked
    strict: bool = False  # any finding refuses and nothing is written


@dataclass
class HtmlResult:
    path: Path
    size: int = 0  # bytes written
    warnings: list[str] = field(default_factory=list)
    findings: list = field(default_factory=list)  # what the anonymity check found
    part: str = "report"


def read_input(wb, *, transcripts: bool = True) -> ReportInput:
    """Everything the report shows, read in one transaction (``wb.one_read``)."""
    with wb.one_read():
        events = wb.log()
        check = wb.verify()
        marks = wb.list(ReviewMark, "seq")
        latest = max(marks, key=lambda m: (m.at, m.id)) if marks else None
        return ReportInput(
            snapshot=load_snapshot(wb),
            turns=tuple(wb.list(Turn, ("document_id", "idx"))) if transcripts else (),
            validations=tuple(wb.list(Validation)), events=tuple(events),
            verified=check.ok, problem=check.problem, marks=tuple(marks),
            since_mark=tuple(wb.changes_since_review(latest.person)) if latest else ())


def export_html(wb, project_ref: str | Path, target: Path | None = None,
                options: HtmlOptions = HtmlOptions()) -> HtmlResult:
    """Write the report (default ``exports/<project>-report-<date>.html``)."""
    if options.part not in HTML_PARTS:
        raise StcError(f"export html: part must be one of {', '.join(HTML_PARTS)}, "
                       f"not {options.part!r}")
    target = Path(target) if target else default_target(project_ref, "report", "html")
    report = build_report(read_input(wb, transcripts=options.transcripts), part=options.part,
                          label_style=options.label_style, number_from=options.number_from,
                          numbers=options.numbers, transcripts=options.transcripts,
                          generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M"))
    report = replace(report, checklist=tuple(checklist_section(wb.checklist())))
    page = render(report)
    findings = check(options.scan, options.strict, target, page_pieces(page))
    data = page.encode("utf-8")
    write_export(target, lambda p: p.write_bytes(data), force=options.force)
    return HtmlResult(target, len(data), list(report.chapter.notes), findings)


def render(report: Report) -> str:
    """The report as one HTML page with its stylesheet and script inline."""
    css, js = _asset("report.css"), _asset("report.js")
    return _template().render(r=report, css=css, js=js, style_hash=_csp_hash(css),
                              script_hash=_csp_hash(js))


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@cache
def _asset(name: str):
    from markupsafe import Markup  # our own file: inserted as it is, never escaped

    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


@cache
def _template():
    import jinja2  # local: only this export needs it

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["f"] = lambda text, **values: text.format(**values)
    env.globals["turn_html"] = turn_html
    return env.get_template("report.html")


_NOT_READ = re.compile(r"<(script|style)\b.*?</\1>|<section id=\"trail\".*?</section>", re.S)


def page_pieces(page: str) -> list[tuple[str, str]]:
    """What a reader of the report sees, line by line, for the anonymity check: the page's
    text without its script and style, and without the trail (whose dates and actors are
    the researcher's work, as in the audit export)."""
    text = html.unescape(re.sub(r"<[^>]+>", "\n", _NOT_READ.sub("", page)))
    return text_pieces(text)
