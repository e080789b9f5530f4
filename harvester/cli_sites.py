"""Site registry commands: list the registry, propose the portals its sites link to, probe a new site."""

from __future__ import annotations

import click

from .cli_common import _config, archive_option, config_option


@click.command()
@config_option
@archive_option
@click.option("--demo", "demo_registry", is_flag=True, help="List the demo portal's registry instead.")
@click.option(
    "--linked",
    is_flag=True,
    help="Instead, print registry entries for the district and county portals that the registered sites' archived "
    "home pages link to and no site holds (crawl first), to review and paste into settings.toml.",
)
def sites(config_path: str, archive: str | None, demo_registry: bool, linked: bool) -> None:
    """List the site registry: name, family, group, start URL, allowed hosts.

    Example:

        harvester sites
        harvester sites --linked --demo --archive archive/demo
    """
    from .config import load_sites
    from .pipeline import DEMO_OVERRIDES, DEMO_REGISTRY

    if linked:
        from .linked import archived_home_pages, proposals

        config = _config(config_path, archive, required=not demo_registry)
        if demo_registry:  # the demo archive's sites, and its stand-in for *.gov.cn
            config.sites = load_sites(DEMO_REGISTRY, {"port": "0"})
            config.crawl["report_hosts"] = DEMO_OVERRIDES["HARVESTER_REPORT_HOSTS"]
        errors: list[str] = []
        found = proposals(config, archived_home_pages(config, errors))
        for proposal in found:
            click.echo(proposal.entry())
        for error in errors:
            click.echo(f"# passed over (unreadable home page): {error}", err=True)
        click.echo(f"# {len(found)} linked portal(s) that no registered site holds", err=True)
        return
    registry = load_sites(DEMO_REGISTRY, {"port": "PORT"}) if demo_registry else _config(config_path, None).sites
    for site in registry.values():
        click.echo(
            f"{site.name:<16} {site.family:<8} {site.group:<10} {site.start_urls[0]}  [{', '.join(site.allowed_hosts)}]  {site.title}"
        )


@click.command()
@click.argument("url")
@config_option
@click.option("--name", default="newsite", show_default=True, help="Name for the printed [sites.NAME] entry.")
@click.option("--budget", default=80, show_default=True, help="Pages the probe may fetch at most.")
def probe(url: str, config_path: str, name: str, budget: int) -> None:
    """Walk a site from URL (its home page): families seen, report columns, and a ready registry entry.

    Example:

        harvester probe https://www.gz.gov.cn/ --name guangzhou
    """
    from .probe import probe as run_probe

    config = _config(config_path, None, required=False)
    overrides = {"HOST_OVERRIDES": config.crawl["host_overrides"]} if "host_overrides" in config.crawl else None
    result = run_probe(url, config, overrides, budget)
    click.echo(f"{url}: {result.pages} pages fetched, {result.reports} report links")
    click.echo("families seen: " + (", ".join(f"{k} ({v} pages)" for k, v in sorted(result.families.items())) or "none"))
    click.echo("report columns:")
    for column, (count, family) in sorted(result.columns.items(), key=lambda x: -x[1][0]):
        click.echo(f"  {count:>4} report links  {family:<8} {column}")
    if not result.columns:
        click.echo("  none found within the page budget; try a deeper start URL or a larger --budget")
    click.echo("\n" + result.entry(name))


SITE_COMMANDS = [sites, probe]
