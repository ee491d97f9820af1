"""Canonical form of a REFI-QDA project.qde for round-trip comparisons: GUIDs replaced by
what the object is (its tag, attributes and text, under its parent), children sorted
where order carries no meaning. Two exports of the same analysis from two projects
(whose GUIDs differ, being derived from each project) compare equal."""

from __future__ import annotations

from lxml import etree

REF_ATTRS = ("targetGUID", "originGUID", "creatingUser", "modifyingUser", "guid", "plainTextPath")
#: Differs between two projects holding the same analysis: when each was created.
DROP = {("Project", "creationDateTime")}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def canonical(data: bytes) -> str:
    root = etree.fromstring(data)
    labels: dict[str, str] = {}

    def own(el) -> str:
        attrs = sorted((k, v) for k, v in el.attrib.items() if k not in REF_ATTRS)
        texts = [c.text or "" for c in el if _local(c.tag) in ("Description", "PlainTextContent")]
        return f"{_local(el.tag)}{attrs}{texts}"

    def label(el, prefix: str) -> None:
        mine = prefix
        if el.get("guid"):
            mine = f"{prefix}/{own(el)}"
            # a coding's identity is the code it points at, resolved below
            labels.setdefault(el.get("guid").lower(), mine)
        for child in el:
            label(child, mine)

    label(root, "")
    # Codings and links are identified by what they point at, not by a label of their own
    def ref(value: str) -> str:
        if value.startswith("internal://"):  # sources/<guid>.txt: the source's own GUID
            value = value[len("internal://"):].removesuffix(".txt")
        return labels.get(value.lower(), f"<dangling {value}>")

    def render(el) -> str:
        attrs = sorted((k, ref(v) if k in REF_ATTRS else v) for k, v in el.attrib.items()
                       if (_local(el.tag), k) not in DROP)
        kids = sorted(render(c) for c in el)
        return f"<{_local(el.tag)} {attrs} {el.text.strip() if el.text else ''!r}>{''.join(kids)}</>"

    return render(root)
