"""Text below the level of quotations.

Sentences, paragraphs and turns with offsets (``segment``), the character classes every rule shares
(``char_classes``), ceremonial sentences (``ceremony``) and the one spaCy pipeline of the process (``nlp``).

Reading files and URLs into a :class:`~statement_lens.types.Statement` is :mod:`statement_lens.ingest`;
everything after that which looks at raw text without a model of its own lives here.
"""
