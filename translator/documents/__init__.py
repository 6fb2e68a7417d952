"""Documents: Word, OpenDocument, subtitles, HTML, text and Markdown files in, the same format out.

Each format is read into paragraphs of spans (or, for text and HTML, into the
article it is), translated through the pipeline once for every target, and
written back into a copy of the file (:mod:`translator.documents.translate`).
Limits and hostile files: :mod:`translator.documents.limits`; translated files
awaiting download: :mod:`translator.documents.store`. No Flask here.
"""
