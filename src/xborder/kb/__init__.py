"""The knowledge base: dated legal facts with sources. Data lives in `data/<jurisdiction>/`."""

from xborder.kb.base import (
    Citation,
    KnowledgeBase,
    KnowledgeBaseError,
    OutOfRange,
    default_knowledge_base,
    load_knowledge_base,
)
from xborder.kb.model import Fact, Member, Period, Source

__all__ = [
    "Citation", "Fact", "KnowledgeBase", "KnowledgeBaseError", "Member", "OutOfRange", "Period",
    "Source", "default_knowledge_base", "load_knowledge_base",
]
