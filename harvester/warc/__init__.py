"""WARC writing (rotating, crash-safe) and reading (records, offsets, payloads) with warcio."""
