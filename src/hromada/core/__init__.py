"""Shared kernel with no domain nouns: base models, the audit trail, middleware, layout."""
