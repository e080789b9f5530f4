"""The project's own exceptions, raised by pure modules and turned into recorded statuses at the edges."""


class HarvesterError(Exception):
    """Base class for every error the harvester raises on purpose."""


class ConfigError(HarvesterError):
    """The settings file or the site registry is missing or invalid."""


class ExtractionError(HarvesterError):
    """A document's bytes could not be turned into text and tables."""


class UnsupportedDocumentError(ExtractionError):
    """The document kind is recognised but no extractor handles it."""


class ParseError(HarvesterError):
    """The report parser could not read the input at all."""


class ArchiveError(HarvesterError):
    """A WARC file or record is missing, unreadable or inconsistent."""


class StoreError(HarvesterError):
    """The SQLite store could not be opened or migrated."""


class CrawlError(HarvesterError):
    """A crawl could not start or its spiders failed."""


class ArchiveBusyError(HarvesterError):
    """Another command holds the archive's lock (one writer per archive)."""


class DiskError(HarvesterError):
    """The archive could not be written (disk full, read-only, a file-size limit): the run fails."""
