"""Themes (step 1), code groups (step 2) and subgroups (step 3)."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.errors import MethodError, StcError
from ..domain.model import (
    AnalyticText,
    Assignment,
    CodeGroup,
    Coding,
    Condensate,
    CondensateUnit,
    InterviewGuide,
    Quote,
    Subgroup,
    Theme,
)
from .base import Operation, ServiceBase, reorder


def _name(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise StcError(f"{what}: a name cannot be empty", kind="empty_name", what=what)
    return value


class StructureOps(ServiceBase):
    # -- themes ------------------------------------------------------------------------

    def add_theme(self, name: str, description: str = "", notes: str = "") -> Theme:
        """Add a preliminary theme at the end of the list."""
        name = _name(name, "theme")
        with self._op("theme.add", "theme", message=f"Added theme {name!r}") as op:
            pos = (op.tx.max_of(Theme, "position") or 0) + 1
            theme = op.tx.insert(Theme, name=name, description=description, notes=notes, position=pos)
            op.entity_id = theme.id
        return theme

    def edit_theme(self, theme_id: int, *, name: str | None = None, description: str | None = None,
                   notes: str | None = None) -> Theme:
        """Rename a theme or change its description or notes (where it was seen)."""
        with self._op("theme.edit", "theme", theme_id) as op:
            theme = op.tx.get(Theme, theme_id)
            values = _given(name=None if name is None else _name(name, "theme"),
                            description=description, notes=notes)
            theme = op.tx.update(theme, **values)
            op.message = f"Edited theme {theme.name!r}"
        return theme

    def rename_theme(self, theme_id: int, name: str) -> Theme:
        """Rename a theme (the old name stays in the trail)."""
        return self.edit_theme(theme_id, name=name)

    def reorder_themes(self, theme_ids: list[int]) -> list[Theme]:
        """Put the themes in the given order (all theme ids, each once)."""
        with self._op("theme.reorder", "theme", message="Reordered themes") as op:
            result = reorder(op, Theme, theme_ids, {})
        return result

    def delete_theme(self, theme_id: int) -> None:
        """Delete a theme. Code groups and subgroups promoted from it keep their content."""
        with self._op("theme.delete", "theme", theme_id) as op:
            theme = op.tx.get(Theme, theme_id)
            for cls in (CodeGroup, Subgroup):
                for row in op.tx.list(cls, theme_id=theme_id):
                    op.tx.update(row, theme_id=None)
            op.tx.delete(theme)
            op.message = f"Deleted theme {theme.name!r}"

    def promote_theme(self, theme_id: int, to: str = "code_group",
                      code_group_id: int | None = None) -> CodeGroup | Subgroup:
        """Turn a theme into a code group or (inside ``code_group_id``) a subgroup.

        The theme stays, marked with what it became, so the history is visible.
        """
        if to not in ("code_group", "subgroup"):
            raise StcError(f"promote: 'to' must be code_group or subgroup, not {to!r}")
        with self._op(f"theme.promote_to_{to}", "theme", theme_id) as op:
            theme = op.tx.get(Theme, theme_id)
            made: CodeGroup | Subgroup
            if to == "code_group":
                made = self._insert_code_group(op, theme.name, theme.description, theme.id)
            else:
                if code_group_id is None:
                    raise StcError("promote: a subgroup needs the code group it belongs to")
                made = self._insert_subgroup(op, code_group_id, theme.name, theme.description, theme.id)
            op.tx.update(theme, promoted_to=f"{to}:{made.id}")
            op.message = f"Promoted theme {theme.name!r} to {to.replace('_', ' ')} {made.id}"
        return made

    # -- code groups -------------------------------------------------------------------

    def add_code_group(self, name: str, description: str = "", heading: str = "",
                       list_label: str = "") -> CodeGroup:
        """Add a code group; its chapter heading and list label default to its name."""
        name = _name(name, "code group")
        with self._op("code_group.add", "code_group", message=f"Added code group {name!r}") as op:
            group = self._insert_code_group(op, name, description, None, heading, list_label)
        return group

    def add_guide_code_groups(self, proposals: Iterable[tuple[str, str]],
                              guide_id: int) -> list[CodeGroup]:
        """Template analysis: code groups taken a priori from interview guide ``guide_id``,
        one per ``(name, question)``, marked ``origin="a-priori"``, in one event. The
        question is kept as the group's description, so the codebook says where it came
        from; a name already used by a code group is refused."""
        chosen = [(_name(name, "code group"), question) for name, question in proposals]
        if not chosen:
            raise StcError("code groups from the guide: choose at least one")
        names = [name.casefold() for name, _ in chosen]
        if len(set(names)) != len(names):
            raise StcError("code groups from the guide: two would have the same name")
        with self._op("code_group.from_guide", "code_group") as op:
            guide = op.tx.get(InterviewGuide, guide_id)
            taken = {g.name.casefold() for g in op.tx.list(CodeGroup)}
            clash = [name for name, _ in chosen if name.casefold() in taken]
            if clash:
                raise StcError(f"code group {clash[0]!r} already exists; rename the proposal")
            groups = [self._insert_code_group(op, name, question, None, origin="a-priori")
                      for name, question in chosen]
            op.entity_id = groups[0].id
            op.extra = {"guide_version": guide.version, "code_groups": [g.id for g in groups]}
            op.message = (f"Added {len(groups)} a-priori code groups from interview guide "
                          f"version {guide.version}")
        return groups

    def import_codebook(self, entries, source_name: str) -> dict[str, int]:
        """Code groups and subgroups from a codebook written elsewhere (``ingest.codebook``),
        in one event: new code groups are a priori; a code group or subgroup already there
        (same name, any case) is kept as it is and counted, never changed."""
        entries = list(entries)
        if not entries:
            raise StcError(f"{source_name}: no code groups in the codebook")
        with self._op("codebook.import", "code_group") as op:
            groups = {g.name.casefold(): g for g in op.tx.list(CodeGroup)}
            subs = {(s.code_group_id, s.name.casefold()) for s in op.tx.list(Subgroup)}
            made_groups, made_subs, kept = [], 0, 0
            for entry in entries:
                key = entry.code_group.casefold()
                if key not in groups:
                    described = entry.description if not entry.subgroup else ""
                    groups[key] = self._insert_code_group(op, _name(entry.code_group, "code group"),
                                                          described, None, origin="a-priori")
                    made_groups.append(groups[key].id)
                elif not entry.subgroup and groups[key].id not in made_groups:
                    kept += 1
                if entry.subgroup:
                    group = groups[key]
                    if (group.id, entry.subgroup.casefold()) in subs:
                        kept += 1
                        continue
                    self._insert_subgroup(op, group.id, _name(entry.subgroup, "subgroup"),
                                          entry.description, None)
                    subs.add((group.id, entry.subgroup.casefold()))
                    made_subs += 1
            op.entity_id = made_groups[0] if made_groups else None
            counts = {"code_groups": len(made_groups), "subgroups": made_subs, "kept": kept}
            op.extra = {"source_name": source_name, **counts}
            op.message = (f"Imported the codebook {source_name}: {len(made_groups)} code groups, "
                          f"{made_subs} subgroups")
        return counts

    def _insert_code_group(self, op: Operation, name: str, description: str, theme_id: int | None,
                           heading: str = "", list_label: str = "",
                           origin: str | None = None) -> CodeGroup:
        pos = (op.tx.max_of(CodeGroup, "position") or 0) + 1
        group = op.tx.insert(CodeGroup, name=name, description=description, position=pos,
                             heading=heading or name, list_label=list_label or name,
                             theme_id=theme_id, origin=origin)
        if op.entity == "code_group":
            op.entity_id = group.id
        return group

    def edit_code_group(self, group_id: int, *, name: str | None = None, heading: str | None = None,
                        list_label: str | None = None, discussion_heading: str | None = None,
                        description: str | None = None) -> CodeGroup:
        """Rename a code group or change its chapter heading, list label or description."""
        with self._op("code_group.edit", "code_group", group_id) as op:
            group = op.tx.get(CodeGroup, group_id)
            values = _given(name=None if name is None else _name(name, "code group"),
                            heading=heading, list_label=list_label,
                            discussion_heading=discussion_heading, description=description)
            group = op.tx.update(group, **values)
            op.message = f"Edited code group {group.name!r}: {', '.join(values)}"
        return group

    def rename_code_group(self, group_id: int, name: str) -> CodeGroup:
        """Change a code group's internal name (headings stay as they are)."""
        return self.edit_code_group(group_id, name=name)

    def reorder_code_groups(self, group_ids: list[int]) -> list[CodeGroup]:
        with self._op("code_group.reorder", "code_group", message="Reordered code groups") as op:
            result = reorder(op, CodeGroup, group_ids, {})
        return result

    def merge_code_groups(self, source_id: int, target_id: int) -> CodeGroup:
        """Merge ``source`` into ``target``: its units, subgroups and texts move over and
        the source group is removed."""
        if source_id == target_id:
            raise MethodError("merge: a code group cannot be merged into itself")
        with self._op("code_group.merge", "code_group", target_id) as op:
            source = op.tx.get(CodeGroup, source_id)
            target = op.tx.get(CodeGroup, target_id)
            already = {c.unit_id for c in op.tx.list(Coding, code_group_id=target_id)}
            moved = 0
            for coding in op.tx.list(Coding, code_group_id=source_id):
                if coding.unit_id in already:
                    op.tx.delete(coding)
                else:
                    op.tx.update(coding, code_group_id=target_id)
                    moved += 1
            pos = op.tx.max_of(Subgroup, "position", code_group_id=target_id) or 0
            for i, sub in enumerate(op.tx.list(Subgroup, "position", code_group_id=source_id), 1):
                op.tx.update(sub, code_group_id=target_id, position=pos + i)
            for text in op.tx.list(AnalyticText, code_group_id=source_id):
                mine = op.tx.list(AnalyticText, code_group_id=target_id, part=text.part)
                if mine:
                    merged = "\n\n".join(t for t in (mine[0].text, text.text) if t)
                    op.tx.update(mine[0], text=merged)
                    for quote in op.tx.list(Quote, analytic_text_id=text.id):
                        op.tx.update(quote, analytic_text_id=mine[0].id)
                    op.tx.delete(text)
                else:
                    op.tx.update(text, code_group_id=target_id)
            op.tx.delete(source)
            op.message = (f"Merged code group {source.name!r} into {target.name!r}: "
                          f"{moved} units moved")
        return target

    def delete_code_group(self, group_id: int) -> list[int]:
        """Delete a code group and its subgroups. Its meaning units are never deleted:
        they lose this coding (and become uncoded if it was their only one), which the
        event records. Returns the ids of units left uncoded."""
        with self._op("code_group.delete", "code_group", group_id) as op:
            group = op.tx.get(CodeGroup, group_id)
            units = [c.unit_id for c in op.tx.list(Coding, code_group_id=group_id)]
            for sub in op.tx.list(Subgroup, code_group_id=group_id):
                self._remove_subgroup(op, sub)
            for text in op.tx.list(AnalyticText, code_group_id=group_id):
                self._remove_analytic_text(op, text)
            for coding in op.tx.list(Coding, code_group_id=group_id):
                op.tx.delete(coding)
            op.tx.delete(group)
            uncoded = [u for u in units if op.tx.count(Coding, unit_id=u) == 0]
            op.extra = {"units_uncoded": uncoded, "units_affected": units}
            op.message = (f"Deleted code group {group.name!r}; {len(units)} meaning units kept, "
                          f"{len(uncoded)} now uncoded")
        return uncoded

    # -- subgroups ---------------------------------------------------------------------

    def add_subgroup(self, code_group_id: int, name: str, description: str = "",
                     heading: str = "") -> Subgroup:
        """Add a subgroup to a code group; its heading defaults to its name."""
        name = _name(name, "subgroup")
        with self._op("subgroup.add", "subgroup", message=f"Added subgroup {name!r}") as op:
            sub = self._insert_subgroup(op, code_group_id, name, description, None, heading)
        return sub

    def _insert_subgroup(self, op: Operation, code_group_id: int, name: str, description: str,
                         theme_id: int | None, heading: str = "") -> Subgroup:
        op.tx.get(CodeGroup, code_group_id)
        pos = (op.tx.max_of(Subgroup, "position", code_group_id=code_group_id) or 0) + 1
        sub = op.tx.insert(Subgroup, code_group_id=code_group_id, name=name, description=description,
                           heading=heading or name, position=pos, theme_id=theme_id)
        if op.entity == "subgroup":
            op.entity_id = sub.id
        return sub

    def edit_subgroup(self, subgroup_id: int, *, name: str | None = None, heading: str | None = None,
                      discussion_heading: str | None = None,
                      description: str | None = None) -> Subgroup:
        """Rename a subgroup or change its heading or description."""
        with self._op("subgroup.edit", "subgroup", subgroup_id) as op:
            sub = op.tx.get(Subgroup, subgroup_id)
            values = _given(name=None if name is None else _name(name, "subgroup"), heading=heading,
                            discussion_heading=discussion_heading, description=description)
            sub = op.tx.update(sub, **values)
            op.message = f"Edited subgroup {sub.name!r}: {', '.join(values)}"
        return sub

    def rename_subgroup(self, subgroup_id: int, name: str) -> Subgroup:
        return self.edit_subgroup(subgroup_id, name=name)

    def reorder_subgroups(self, code_group_id: int, subgroup_ids: list[int]) -> list[Subgroup]:
        with self._op("subgroup.reorder", "code_group", code_group_id,
                      message="Reordered subgroups") as op:
            result = reorder(op, Subgroup, subgroup_ids, {"code_group_id": code_group_id})
        return result

    def delete_subgroup(self, subgroup_id: int) -> None:
        """Delete a subgroup with its condensate and texts; its units stay coded."""
        with self._op("subgroup.delete", "subgroup", subgroup_id) as op:
            sub = op.tx.get(Subgroup, subgroup_id)
            self._remove_subgroup(op, sub)
            op.message = f"Deleted subgroup {sub.name!r}; its units stay in their code group"

    def _remove_subgroup(self, op: Operation, sub: Subgroup) -> None:
        for a in op.tx.list(Assignment, subgroup_id=sub.id):
            op.tx.delete(a)
        for cond in op.tx.list(Condensate, subgroup_id=sub.id):
            for link in op.tx.list(CondensateUnit, condensate_id=cond.id):
                op.tx.delete(link)
            op.tx.delete(cond)
        for text in op.tx.list(AnalyticText, subgroup_id=sub.id):
            self._remove_analytic_text(op, text)
        op.tx.delete(sub)

    def _remove_analytic_text(self, op: Operation, text: AnalyticText) -> None:
        for quote in op.tx.list(Quote, analytic_text_id=text.id):
            op.tx.delete(quote)
        op.tx.delete(text)


def _given(**values):
    """Only the keyword arguments the caller actually passed (not None)."""
    return {k: v for k, v in values.items() if v is not None}
