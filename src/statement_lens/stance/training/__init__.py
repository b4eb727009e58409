"""Training the stance models.

Data builders (``data``, ``newsmtsc``, ``roles``), the recipes (``train`` for v1, ``train_v2``) and what they
share (``common``). Runtimes never import this package (an import-linter contract).
"""
