"""Scrapy glue: spiders' shared base, the WARC archiving extension, settings, and the runner."""
