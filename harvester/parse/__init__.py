"""The shared report parser (never imports Scrapy): documents in, canonical reports out."""

from .model import Block, Check, Document, Fact, Report, Row
from .report import document_from_text, parse_document, parse_text

__all__ = ["Block", "Check", "Document", "Fact", "Report", "Row", "document_from_text", "parse_document", "parse_text"]
