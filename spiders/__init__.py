"""Thin spider classes, one per portal family; the shared logic lives in harvester.crawl."""
