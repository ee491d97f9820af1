"""Transcripts: storing a parsed transcript as an immutable document with its turns."""

from __future__ import annotations

from ..domain.errors import MethodError, StcError
from ..domain.model import (
    ConsensusDecision,
    Document,
    IndependentCoder,
    Informant,
    MeaningUnit,
    SpeakerInformant,
    Suggestion,
    Turn,
)
from ..domain.offsets import text_sha256, word_count
from ..domain.transcript import TranscriptDraft
from .base import ServiceBase, utc_now


class DocumentOps(ServiceBase):
    def import_transcript(self, draft: TranscriptDraft, *, source_name: str, source_sha256: str,
                          informant: str | None = None, title: str | None = None) -> Document:
        """Store a parsed transcript as a new document with its speaker turns.

        The informant (by label) is created if new. A transcript whose text or source
        file is already in the project is refused. The event records the source file
        name and its sha256.
        """
        draft.check(source_name)
        digest = text_sha256(draft.text)
        with self._op("document.import", "document") as op:
            for doc in op.tx.list(Document, text_sha256=digest) + op.tx.list(
                    Document, source_sha256=source_sha256):
                raise StcError(f"{source_name}: already in the project as document {doc.id} "
                               f"({doc.title!r}, from {doc.source_name})")
            person = None
            if informant:
                found = op.tx.list(Informant, label=informant)
                person = found[0] if found else op.tx.insert(Informant, label=informant)
            doc = op.tx.insert(
                Document, informant_id=person.id if person else None,
                title=title or source_name, source_name=source_name,
                source_sha256=source_sha256, text=draft.text, text_sha256=digest,
                format=draft.format, imported_at=utc_now(), word_count=word_count(draft.text))
            insert_turns(op.tx, doc.id, draft.turns)
            op.entity_id = doc.id
            op.extra = {"source_name": source_name, "source_sha256": source_sha256,
                        "turns": len(draft.turns), "warnings": list(draft.warnings)}
            op.message = f"Imported {source_name} (sha256 {source_sha256[:12]}…) as {doc.title!r}"
        return doc

    def import_survey(self, survey) -> list[Document]:
        """Store a questionnaire's free-text answers (``ingest.survey.Survey``) in one
        transaction: one document per answer, spoken by its respondent (an informant,
        created if new, with the survey's attribute columns as attributes).

        Two respondents may give the same answer, so unlike a transcript an answer is not
        refused for text already in the project; the survey file itself is (by sha256).
        """
        from .people import _check_attributes

        for respondent, attributes in survey.attributes.items():
            _check_attributes(respondent, attributes)
        for answer in survey.answers:
            answer.draft.check(f"{survey.source_name} row {answer.row}")
        with self._op("survey.import", "document") as op:
            for doc in op.tx.list(Document, source_sha256=survey.source_sha256)[:1]:
                raise StcError(f"{survey.source_name}: already in the project (document {doc.id}, "
                               f"{doc.title!r}, is one of its answers)")
            people = {}
            for respondent, attributes in survey.attributes.items():
                found = op.tx.list(Informant, label=respondent)
                if not found:
                    people[respondent] = op.tx.insert(Informant, label=respondent, role="respondent",
                                                      attributes=attributes)
                    continue
                person = found[0]
                clash = sorted(k for k, v in attributes.items()
                               if k in person.attributes and person.attributes[k] != v)
                if clash:
                    raise StcError(f"{survey.source_name}: respondent {respondent!r} is an informant "
                                   f"whose {', '.join(clash)} differs from the survey's; fix the "
                                   "file or the informant first")
                people[respondent] = op.tx.update(person, attributes={**person.attributes, **attributes})
            docs = []
            now = utc_now()
            for answer in survey.answers:
                title = (f"{answer.respondent} · {answer.question}" if survey.several_questions
                         else answer.respondent)
                doc = op.tx.insert(
                    Document, informant_id=people[answer.respondent].id, title=title,
                    source_name=f"{survey.source_name} row {answer.row}",
                    source_sha256=survey.source_sha256, text=answer.draft.text,
                    text_sha256=text_sha256(answer.draft.text), format="survey", imported_at=now,
                    word_count=word_count(answer.draft.text))
                insert_turns(op.tx, doc.id, answer.draft.turns)
                docs.append(doc)
            op.entity_id = docs[0].id if docs else None
            op.extra = {"source_name": survey.source_name, "source_sha256": survey.source_sha256,
                        "answers": len(docs), "respondents": survey.respondents,
                        "skipped_empty": survey.skipped_empty}
            op.message = (f"Imported {len(docs)} survey answers of {survey.respondents} respondents "
                          f"from {survey.source_name} (sha256 {survey.source_sha256[:12]}…)")
        return docs

    def set_document_informant(self, document_id: int, informant: str) -> Document:
        """Attribute a document to an informant by label (created if new)."""
        with self._op("document.informant", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            found = op.tx.list(Informant, label=informant)
            person = found[0] if found else op.tx.insert(Informant, label=informant)
            doc = op.tx.update(doc, informant_id=person.id)
            op.message = f"Document {doc.title!r} is informant {informant!r}"
        return doc

    def delete_document(self, document_id: int) -> None:
        """Remove a document that has no meaning units (its turns go with it)."""
        with self._op("document.delete", "document", document_id) as op:
            doc = op.tx.get(Document, document_id)
            if op.tx.count(MeaningUnit, document_id=doc.id):
                raise MethodError(f"document {doc.title!r} has meaning units; delete them first")
            for cls in (Suggestion, Turn, SpeakerInformant, IndependentCoder, ConsensusDecision):
                for row in op.tx.list(cls, document_id=doc.id):
                    op.tx.delete(row)
            op.tx.delete(doc)
            op.message = f"Deleted document {doc.title!r}"


def insert_turns(tx, document_id: int, turns) -> None:
    """Store a draft's speaker turns for a document in one statement."""
    tx.insert_many(Turn, [
        dict(document_id=document_id, idx=idx, speaker=t.speaker, is_interviewer=t.is_interviewer,
             start=t.start, end=t.end, media_start_ms=t.media_start_ms, media_end_ms=t.media_end_ms)
        for idx, t in enumerate(turns)], returning=False)
