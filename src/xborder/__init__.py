"""xborder: computable cross-border data-transfer law.

Layout:
    taxonomy/  data categories, uses and subjects (fideslang, extended where the law needs)
    kb/        the knowledge base: dated legal facts with sources (kb/data/<jurisdiction>/)
    datamap/   the data-map format (contract v1): models, strict loader, JSON Schema
    rules/     one module per regime (eu_gdpr.py, cn_pipl.py, ...), each beside its articles
    engine/    routes, volumes, running the regimes, conflicts, traces
    report/    table, JSON, Markdown, HTML, SARIF renderers
    ledger/    the tamper-evident transfer log (RFC 9162 Merkle tree, signed checkpoints)
    scanner/   detectors of personal data in files and databases
    cli/       the `xborder` command
"""

__version__ = "0.1.0"
