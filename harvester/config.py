"""Load settings.toml: harvester paths, crawl politeness, and the site registry."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .urls import host_patterns

FAMILIES = ("gkmlpt", "nfcms", "trs", "hanweb", "jeecms", "generic", "auto")  # a hint: pages are read by what they are


@dataclass
class Site:
    """One portal (or one column of a portal) in the registry."""

    name: str
    title: str
    family: str
    start_urls: list[str]
    allowed_hosts: list[str]
    group: str = "default"
    sid: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def host_patterns(self) -> list[str]:
        """GLOB patterns of the hosts the site holds, by the crawl's own scope rule (urls.holds): a report found
        through the site on any other host is not the site's own."""
        return sorted({p for h in self.allowed_hosts for p in host_patterns(h.split(":")[0].lower())})


@dataclass
class Config:
    """The whole configuration: where things live, how to crawl, which sites."""

    archive_dir: Path
    database: Path
    warc_prefix: str
    warc_max_size: int
    crawl: dict[str, Any]
    sites: dict[str, Site]
    source: Path | None = None
    schedule: dict[str, Any] = field(default_factory=dict)

    def registered_hosts(self) -> list[str]:
        """Every host a site of the registry holds (its reports are that site's to fetch)."""
        return sorted({h.split(":")[0].lower() for s in self.sites.values() for h in s.allowed_hosts})

    def select(self, names: list[str] | None) -> list[Site]:
        if not self.sites:
            raise ConfigError(f"the registry in {self.source or 'the settings'} names no sites: add [sites.NAME] tables")
        if not names:
            return list(self.sites.values())
        unknown = [n for n in names if n not in self.sites]
        if unknown:
            raise ConfigError(f"unknown site(s): {', '.join(unknown)}; known: {', '.join(self.sites)}")
        return [self.sites[n] for n in names]


def parse_site(name: str, raw: dict[str, Any], subst: dict[str, str] | None = None) -> Site:
    def fill(text: str) -> str:
        return text.format(**subst) if subst else text

    missing = [k for k in ("family", "start_urls", "allowed_hosts") if k not in raw]
    if missing:
        raise ConfigError(f"site {name!r} lacks {', '.join(missing)}")
    if raw["family"] not in FAMILIES:
        raise ConfigError(f"site {name!r}: family {raw['family']!r} is not one of {', '.join(FAMILIES)}")
    known = {"family", "start_urls", "allowed_hosts", "title", "group", "sid"}
    return Site(
        name=name,
        title=raw.get("title", name),
        family=raw["family"],
        start_urls=[fill(u) for u in raw["start_urls"]],
        allowed_hosts=[fill(h) for h in raw["allowed_hosts"]],
        group=raw.get("group", "default"),
        sid=str(raw["sid"]) if raw.get("sid") is not None else None,
        extra={k: v for k, v in raw.items() if k not in known},
    )


def load_sites(path: Path, subst: dict[str, str] | None = None) -> dict[str, Site]:
    data = _read(path)
    return {name: parse_site(name, raw, subst) for name, raw in data.get("sites", {}).items()}


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"settings file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def load_config(path: str | Path = "settings.toml", archive_dir: str | Path | None = None) -> Config:
    """Read the settings file; `archive_dir` overrides where WARCs and the database go."""
    path = Path(path)
    data = _read(path)
    h = data.get("harvester", {})
    base = path.parent
    archive = Path(archive_dir) if archive_dir else base / h.get("archive_dir", "archive")
    database = (
        archive / Path(h.get("database", "harvest.db")).name if archive_dir else base / h.get("database", "archive/harvest.db")
    )
    sites = {name: parse_site(name, raw) for name, raw in data.get("sites", {}).items()}
    for name in h.get("registry_files", []):  # more [sites.NAME] tables: `harvester sites --linked > linked.toml`
        more_path = base / name
        if not more_path.exists():
            raise ConfigError(f"{path}: registry_files names {more_path}, which does not exist")
        more = load_sites(more_path)
        both = sorted(sites.keys() & more.keys())
        if both:
            raise ConfigError(f"{more_path}: site(s) {', '.join(both)} already in the registry")
        sites |= more
    return Config(
        archive_dir=archive,
        database=database,
        warc_prefix=h.get("warc_prefix", "govharvest"),
        warc_max_size=int(h.get("warc_max_size", 1_000_000_000)),
        crawl=dict(data.get("crawl", {})),
        sites=sites,
        source=path,
        schedule=dict(data.get("schedule", {})),
    )
