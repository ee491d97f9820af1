"""Condensates and golden quotes (step 3), analytic texts and quotes (step 4), memos,
comments, validations and review marks."""

from __future__ import annotations

from ..domain import audit
from ..domain.errors import MethodError, StcError
from ..domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Comment,
    Condensate,
    CondensateUnit,
    MeaningUnit,
    Memo,
    Quote,
    ReviewMark,
    Subgroup,
    Validation,
)
from ..domain.quotes import compare_display
from .base import Operation, ServiceBase, reorder, utc_now
from .coder_rules import check_project_unit

PARTS = ("chapter", "discussion")
MEMO_IMPRESSION = "impression"


class TextOps(ServiceBase):
    # -- step 3 --------------------------------------------------------------------------

    def set_condensate(self, subgroup_id: int, text: str,
                       unit_ids: list[int] | None = None) -> Condensate:
        """Write a subgroup's condensate (first-person 'artificial quotation').

        ``unit_ids``, when given, replaces the units it condenses; they must be
        assigned to the subgroup.
        """
        with self._op("condensate.set", "condensate") as op:
            sub = op.tx.get(Subgroup, subgroup_id)
            found = op.tx.list(Condensate, subgroup_id=sub.id)
            cond = (op.tx.update(found[0], text=text) if found
                    else op.tx.insert(Condensate, subgroup_id=sub.id, text=text))
            if unit_ids is not None:
                wanted = list(dict.fromkeys(unit_ids))
                self._require_assigned(op, sub, wanted)
                links = {link.unit_id: link for link in op.tx.list(CondensateUnit, condensate_id=cond.id)}
                for unit_id, link in links.items():
                    if unit_id not in wanted:
                        op.tx.delete(link)
                for unit_id in wanted:
                    if unit_id not in links:
                        op.tx.insert(CondensateUnit, condensate_id=cond.id, unit_id=unit_id)
            op.entity_id = cond.id
            op.message = f"Wrote the condensate of subgroup {sub.name!r}"
        return cond

    def set_golden_quote(self, subgroup_id: int, unit_id: int | None) -> Subgroup:
        """Pick (or with None, clear) the subgroup's golden quote (gullsitat)."""
        with self._op("golden_quote.set", "subgroup", subgroup_id) as op:
            sub = op.tx.get(Subgroup, subgroup_id)
            if unit_id is not None:
                self._require_assigned(op, sub, [unit_id])
            sub = op.tx.update(sub, golden_quote_unit_id=unit_id)
            op.message = (f"Golden quote of {sub.name!r}: unit {unit_id}" if unit_id
                          else f"Cleared the golden quote of {sub.name!r}")
        return sub

    def _require_assigned(self, op: Operation, sub: Subgroup, unit_ids: list[int]) -> None:
        for unit_id in unit_ids:
            op.tx.get(MeaningUnit, unit_id)
            if not op.tx.count(Assignment, unit_id=unit_id, subgroup_id=sub.id):
                raise MethodError(f"meaning unit {unit_id} is not in subgroup {sub.name!r}; "
                                  "assign it first", kind="not_in_subgroup", id=unit_id,
                                  name=sub.name)

    # -- step 4 --------------------------------------------------------------------------

    def set_analytic_text(self, text: str, *, subgroup_id: int | None = None,
                          code_group_id: int | None = None, part: str = "chapter") -> AnalyticText:
        """Write the analytic text of one subgroup or one code group (chapter or discussion)."""
        with self._op("analytic_text.set", "analytic_text") as op:
            found = self._analytic_text(op, subgroup_id, code_group_id, part)
            result = op.tx.update(found, text=text)
            op.entity_id = result.id
            op.message = f"Wrote analytic text ({part}) for {_owner(subgroup_id, code_group_id)}"
        return result

    def _analytic_text(self, op: Operation, subgroup_id: int | None, code_group_id: int | None,
                       part: str) -> AnalyticText:
        if (subgroup_id is None) == (code_group_id is None):
            raise StcError("analytic text belongs to exactly one subgroup or one code group")
        if part not in PARTS:
            raise StcError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
        if subgroup_id is not None:
            op.tx.get(Subgroup, subgroup_id)
        else:
            op.tx.get(CodeGroup, code_group_id)
        found = op.tx.list(AnalyticText, subgroup_id=subgroup_id, code_group_id=code_group_id, part=part)
        if found:
            return found[0]
        return op.tx.insert(AnalyticText, subgroup_id=subgroup_id, code_group_id=code_group_id,
                            part=part, text="")

    def add_quote(self, unit_id: int, *, subgroup_id: int | None = None,
                  code_group_id: int | None = None, part: str = "chapter", lead_in: str = "",
                  display_text: str | None = None, after_paragraph: int | None = None) -> Quote:
        """Place a unit as an illustrating quote after the existing ones (and, with
        ``after_paragraph``, after that paragraph of the analytic text). The display
        text defaults to the unit's exact words and must stay faithful to them."""
        with self._op("quote.add", "quote") as op:
            unit = op.tx.get(MeaningUnit, unit_id)
            check_project_unit(op.tx, unit)
            owner = self._analytic_text(op, subgroup_id, code_group_id, part)
            display = unit.snippet.strip() if display_text is None else display_text
            _check_display(unit, display)
            pos = (op.tx.max_of(Quote, "position", analytic_text_id=owner.id) or 0) + 1
            quote = op.tx.insert(Quote, analytic_text_id=owner.id, unit_id=unit.id, position=pos,
                                 lead_in=lead_in, display_text=display,
                                 after_paragraph=_paragraph_number(after_paragraph))
            op.entity_id = quote.id
            op.message = f"Quoted meaning unit {unit.id} in {_owner(subgroup_id, code_group_id)}"
        return quote

    def place_quote(self, quote_id: int, after_paragraph: int | None) -> Quote:
        """Put a quote after paragraph ``after_paragraph`` (1 = the first) of its analytic
        text in the exported chapter; None puts it back where it goes by default."""
        with self._op("quote.place", "quote", quote_id) as op:
            quote = op.tx.update(op.tx.get(Quote, quote_id),
                                 after_paragraph=_paragraph_number(after_paragraph))
            op.message = (f"Placed quote {quote.id} after paragraph {quote.after_paragraph}"
                          if quote.after_paragraph else f"Quote {quote.id} back in its default place")
        return quote

    def edit_quote(self, quote_id: int, *, lead_in: str | None = None,
                   display_text: str | None = None) -> Quote:
        """Change a quote's lead-in sentence or display text (cuts "(…)" and "[role]"
        replacements only; an unmarked change to the informant's words is refused)."""
        with self._op("quote.edit", "quote", quote_id) as op:
            quote = op.tx.get(Quote, quote_id)
            values = {}
            if lead_in is not None:
                values["lead_in"] = lead_in
            if display_text is not None:
                _check_display(op.tx.get(MeaningUnit, quote.unit_id), display_text)
                values["display_text"] = display_text
            quote = op.tx.update(quote, **values)
            op.message = f"Edited quote {quote.id}: {', '.join(values)}"
        return quote

    def remove_quote(self, quote_id: int) -> None:
        with self._op("quote.remove", "quote", quote_id) as op:
            quote = op.tx.get(Quote, quote_id)
            op.tx.delete(quote)
            op.message = f"Removed quote {quote.id} (meaning unit {quote.unit_id})"

    def reorder_quotes(self, analytic_text_id: int, quote_ids: list[int]) -> list[Quote]:
        """Put an analytic text's quotes in the given order (every quote id once)."""
        with self._op("quote.reorder", "analytic_text", analytic_text_id,
                      message="Reordered quotes") as op:
            result = reorder(op, Quote, quote_ids, {"analytic_text_id": analytic_text_id})
        return result

    def mark_validated(self, unit_id: int, status: str = "confirmed", note: str = "") -> Validation:
        """Record that a unit was re-read in its original context (by the actor, now)."""
        if status not in ("confirmed", "questioned"):
            raise StcError(f"validation status must be confirmed or questioned, not {status!r}")
        with self._op("validation.add", "validation") as op:
            op.tx.get(MeaningUnit, unit_id)
            v = op.tx.insert(Validation, unit_id=unit_id, by=self.actor, at=utc_now(),
                             status=status, note=note)
            op.entity_id = v.id
            op.message = f"Re-read meaning unit {unit_id} in context: {status}"
        return v

    # -- memos, comments, review marks -----------------------------------------------------

    def add_memo(self, kind: str, text: str, *, title: str = "", entity: str = "",
                 entity_id: int | None = None) -> Memo:
        """Add a memo (kinds: impression, method, reflexive, note, …), optionally attached."""
        if not kind.strip():
            raise StcError("memo: kind cannot be empty")
        with self._op("memo.add", "memo") as op:
            memo = op.tx.insert(Memo, kind=kind.strip(), title=title, text=text, entity=entity,
                                entity_id=entity_id, created_at=utc_now())
            op.entity_id = memo.id
            op.message = f"Added {memo.kind} memo {title!r}"
        return memo

    def edit_memo(self, memo_id: int, *, text: str | None = None, title: str | None = None) -> Memo:
        with self._op("memo.edit", "memo", memo_id) as op:
            memo = op.tx.get(Memo, memo_id)
            values = {k: v for k, v in (("text", text), ("title", title)) if v is not None}
            memo = op.tx.update(memo, **values)
            op.message = f"Edited {memo.kind} memo {memo.id}"
        return memo

    def delete_memo(self, memo_id: int) -> None:
        with self._op("memo.delete", "memo", memo_id) as op:
            memo = op.tx.get(Memo, memo_id)
            op.tx.delete(memo)
            op.message = f"Deleted {memo.kind} memo {memo.id}"

    def set_impression(self, text: str) -> Memo:
        """Write the step-1 total-impression memo (one per project)."""
        with self._read() as tx:
            found = tx.list(Memo, kind=MEMO_IMPRESSION)
        if found:
            return self.edit_memo(found[0].id, text=text)
        return self.add_memo(MEMO_IMPRESSION, text, title="Helhetsinntrykk")

    def add_comment(self, entity: str, entity_id: int, text: str) -> Comment:
        """Comment on any entity (supervisor ↔ student); resolvable later."""
        if not text.strip():
            raise StcError("comment: text cannot be empty", kind="empty_comment")
        with self._op("comment.add", "comment") as op:
            c = op.tx.insert(Comment, entity=entity, entity_id=entity_id, author=self.actor,
                             text=text, created_at=utc_now())
            op.entity_id = c.id
            op.message = f"Comment on {entity} {entity_id}"
        return c

    def reply_comment(self, comment_id: int, text: str) -> Comment:
        """Answer a comment: a comment on the comment (its thread)."""
        with self._read() as tx:
            parent = tx.get(Comment, comment_id)
        return self.add_comment("comment", parent.id, text)

    def comments(self, status: str | None = "open", author: str | None = None) -> list[Comment]:
        """The comments that open a thread (not the replies), oldest first: ``status``
        "open", "resolved" or None for all; ``author`` only this person's."""
        with self._read() as tx:
            found = [c for c in tx.list(Comment) if c.entity != "comment"]
        if status == "open":
            found = [c for c in found if not c.resolved_at]
        elif status == "resolved":
            found = [c for c in found if c.resolved_at]
        return [c for c in found if author is None or c.author == author]

    def thread(self, comment_id: int) -> list[Comment]:
        """A comment and its replies (and theirs), in the order they were written."""
        with self._read() as tx:
            every = tx.list(Comment)
        ids, out = {comment_id}, []
        for c in every:
            if c.id == comment_id or (c.entity == "comment" and c.entity_id in ids):
                ids.add(c.id)
                out.append(c)
        return out

    def answer_counts(self) -> dict[int, int]:
        """How many answers each thread has (its replies and theirs), by the id of the
        comment that opened it — one read for a whole list of threads."""
        with self._read() as tx:
            every = tx.list(Comment)
        root: dict[int, int] = {}
        counts: dict[int, int] = {}
        for c in every:  # ids grow: a reply comes after what it answers
            if c.entity == "comment" and c.entity_id in root:
                root[c.id] = root[c.entity_id]
                counts[root[c.id]] = counts.get(root[c.id], 0) + 1
            else:
                root[c.id] = c.id
        return counts

    def open_comments_on(self, entity: str) -> dict[int, int]:
        """How many open comment threads each ``entity`` row has, by its id."""
        counts: dict[int, int] = {}
        for c in self.comments("open"):
            if c.entity == entity:
                counts[c.entity_id] = counts.get(c.entity_id, 0) + 1
        return counts

    def resolve_comment(self, comment_id: int) -> Comment:
        """Mark a comment thread as resolved (by whoever acts)."""
        with self._op("comment.resolve", "comment", comment_id) as op:
            c = op.tx.get(Comment, comment_id)
            c = op.tx.update(c, resolved_at=utc_now(), resolved_by=self.actor)
            op.message = f"Resolved comment {c.id}"
        return c

    def mark_reviewed(self, seq: int | None = None) -> ReviewMark:
        """A supervisor's 'reviewed up to event N' (default: the latest event)."""
        with self._op("review.mark", "review_mark") as op:
            last = op.tx.last_event()
            upto = seq if seq is not None else (last.seq if last else 0)
            head = (last.hash if last and last.seq == upto else
                    op.tx.event(upto).hash if upto else audit.GENESIS)
            mark = op.tx.insert(ReviewMark, person=self.actor, seq=upto, at=utc_now(),
                                head_hash=head)
            op.entity_id = mark.id
            op.message = f"{self.actor} reviewed up to event {upto} ({upto}:{head})"
        return mark


def _paragraph_number(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise MethodError(f"a quote's place is a paragraph number from 1, not {value!r}",
                          kind="quote_place", value=value)
    return value


def _owner(subgroup_id: int | None, code_group_id: int | None) -> str:
    return f"subgroup {subgroup_id}" if subgroup_id is not None else f"code group {code_group_id}"


def _check_display(unit: MeaningUnit, display: str) -> None:
    if not display.strip():
        raise MethodError(f"quote of meaning unit {unit.id}: display text cannot be empty",
                          kind="quote_empty", id=unit.id)
    _pieces, problems = compare_display(unit.snippet, display)
    if problems:
        raise MethodError(f"quote of meaning unit {unit.id}: {problems[0]}; mark cuts with (…) "
                          "and replacements in [brackets]", kind="quote_unfaithful", id=unit.id,
                          problem=problems[0])
