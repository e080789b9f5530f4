"""gov-harvester: archival harvester for Chinese government information-disclosure annual reports."""

__version__ = "0.1.0"
