"""PROVINCE mentions (canonical pre-2025 names) and the document's own province."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize.primary_province import SubjectCues, infer_primary, load_subject_cues
from ..normalize.provinces import Gazetteer, load_gazetteer
from . import extensions
from .base import PatternComponent


class ProvinceRecognizer(PatternComponent):
    files = (*Gazetteer.FILES, SubjectCues.FILE)

    def load(self) -> None:
        self.gazetteer = load_gazetteer(self.patterns)
        self.subject_cues = load_subject_cues(self.patterns)

    def __call__(self, doc: Doc) -> Doc:
        text = extensions.text_of(doc)
        published = extensions.doc_value(doc, "published")
        found = self.gazetteer.find(text, published=published)
        extensions.add_mentions(doc, (
            (m.start_char, m.end_char, "PROVINCE", {"province": m.province, "province_code": m.code}) for m in found
        ))
        primary = infer_primary(
            self.gazetteer, extensions.doc_value(doc, "title"), text, extensions.doc_value(doc, "url"),
            published=published, found=found, cues=self.subject_cues,
        )
        extensions.set_doc_values(doc, province=primary)
        return doc


@Language.factory("venextract_provinces", default_config={"patterns": None})
def make_provinces(nlp: Language, name: str, patterns: str | None) -> ProvinceRecognizer:
    return ProvinceRecognizer(nlp, name, patterns=patterns)
