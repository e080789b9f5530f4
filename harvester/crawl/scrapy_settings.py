"""Scrapy settings for the harvester (scrapy.cfg points here); per-run values are set by the runner."""

from __future__ import annotations

from .. import __version__

BOT_NAME = "gov-harvester"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

CONTACT_URL = "https://github.com/gov-harvester/gov-harvester"
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 "
    f"gov-harvester/{__version__} (+{CONTACT_URL})"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Scrapy starts this many asyncio tasks per response to handle its output (default 100: 100 tasks for a
# page that yields a dozen requests, a third of a crawl's CPU); items here are records, handled at once.
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5
DOWNLOADER = "harvester.crawl.pacing.PacedDownloader"  # the mean gap per host is the delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
DEPTH_LIMIT = 8
URLLENGTH_LIMIT = 600
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
TWISTED_DNS_RESOLVER = "harvester.crawl.resolver.OverrideResolver"
HOST_OVERRIDES: dict[str, str] = {}
SPIDER_MIDDLEWARES = {"harvester.crawl.faults.FaultErrbacks": 950}
EXTENSIONS = {
    "harvester.crawl.archiver.WarcArchiver": 100,
    "harvester.progress.CrawlProgress": 200,  # on a terminal only
    # not used by the harvester; left out so that a crawl starts sooner (RemoteControl alone imports aiohttp)
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.memdebug.MemoryDebugger": None,
    "scrapy.extensions.feedexport.FeedExporter": None,
    "scrapy.extensions.spiderstate.SpiderState": None,
}
HARVESTER_CONFIG = "settings.toml"
HARVESTER_WARC_DIR = "archive/warcs"
HARVESTER_WARC_PREFIX = "govharvest"
HARVESTER_WARC_MAX_SIZE = 1_000_000_000
REQUEST_FINGERPRINTER_CLASS = "harvester.crawl.guards.CanonicalFingerprinter"
DOWNLOADER_MIDDLEWARES = {
    "harvester.crawl.guards.TrapGuard": 50,
    "harvester.crawl.incremental.ResumeFromArchive": 60,
    "harvester.crawl.incremental.ConditionalRequests": 560,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "harvester.crawl.guards.RetryAfterMiddleware": 550,
    "harvester.crawl.guards.BlockGuard": 585,  # after decompression (590), before retries and redirects
}
HARVESTER_MAX_RETRY_AFTER = 600
FEED_EXPORT_ENCODING = "utf-8"
