"""Cheap read methods the TUI uses on big projects: units per code group, the trail's last seq."""

from __future__ import annotations


def test_units_per_group_counts_codings_and_last_seq_follows_every_change(wb, doc):
    trodd = wb.add_code_group("Å bli trodd på")
    usikker = wb.add_code_group("Usikkerhet")
    text = doc.text
    first = wb.create_unit(doc.id, text.index("Jeg var veldig"), text.index("Det betydde") - 1,
                           [trodd.id, usikker.id])
    wb.create_unit(doc.id, text.index("At noen"), text.index("Før hadde") - 1, [trodd.id])
    assert wb.units_per_group() == {trodd.id: 2, usikker.id: 1}
    seq = wb.last_seq()
    assert seq == max(e.seq for e in wb.log()) == len(wb.log())
    wb.uncode_unit(first.id, usikker.id)
    assert wb.units_per_group() == {trodd.id: 2, usikker.id: 0}
    assert wb.last_seq() == seq + 1
    wb.undo()
    assert wb.last_seq() == seq + 2 and wb.units_per_group()[usikker.id] == 1
