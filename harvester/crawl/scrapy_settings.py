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
CONCURRENT_REQUESTS_PER_DOMAIN = 1  # one at a time per host (settings.toml may raise it)
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
# Hosts where a report that a site's own pages link to is fetched although it is outside the site: a city's
# report column links the reports of its districts and departments on their own hosts ([crawl] report_hosts).
# The hosts of registered sites are left to those sites (HARVESTER_REGISTERED_HOSTS, from the registry).
HARVESTER_REPORT_HOSTS = ["*.gov.cn"]
HOST_OVERRIDES: dict[str, str] = {}
SPIDER_MIDDLEWARES = {
    "harvester.crawl.faults.FaultErrbacks": 950,
    "harvester.crawl.origins.SiteOrigins": 960,  # nearest the spider: before scheduling and its duplicate filter
}
EXTENSIONS = {
    "harvester.crawl.archiver.WarcArchiver": 100,
    "harvester.progress.CrawlProgress": 200,  # on a terminal only
}
# Scrapy's base lists less what the harvester never uses. Left out of the *base* lists, not set to None:
# Scrapy imports every class a list names, even a disabled one, and RemoteControl alone imports aiohttp,
# the cookies middleware tldextract and requests (a quarter of a second before the first request).
EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.memusage.MemoryUsage": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}
DOWNLOADER_MIDDLEWARES_BASE = {
    "harvester.crawl.origins.TwinOffsite": 50,  # Scrapy's OffsiteMiddleware, the host's www twin allowed
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": 300,
    "scrapy.downloadermiddlewares.downloadtimeout.DownloadTimeoutMiddleware": 350,
    "scrapy.downloadermiddlewares.defaultheaders.DefaultHeadersMiddleware": 400,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": 500,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": 600,
    "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": 750,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": 850,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": 900,
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
    "harvester.crawl.guards.RetryAfterMiddleware": 550,
    "harvester.crawl.guards.BlockGuard": 585,  # after decompression (590), before retries and redirects
}
HARVESTER_MAX_RETRY_AFTER = 600
FEED_EXPORT_ENCODING = "utf-8"
