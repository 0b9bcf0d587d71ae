"""Retrieval-augmented Q&A over Chinese policy documents, with clause citations.

Pipeline stages, each importing only earlier ones:
documents/errors -> normalize -> gazetteer -> readers -> cleaning -> metadata -> loading
-> tokens -> chunking -> embeddings -> lexical -> store -> question -> retrieval
-> extractive -> verification -> chain -> cli / ui.
"""
