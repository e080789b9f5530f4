"""The command line: every command documented in the README with an example, clear errors at the edge."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from harvester.cli import cli

from .conftest import ROOT


def test_every_command_is_in_the_readme_with_an_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert cli.commands
    for name, command in cli.commands.items():
        assert f"harvester {name}" in readme, name
        assert "Example:" in (command.help or ""), name


def test_readme_starts_with_the_two_commands() -> None:
    lines = [x.strip() for x in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if x.startswith("    ")]
    assert lines[0] == "bash .ci/install && .venv/bin/harvester demo"
    install = (ROOT / ".ci" / "install").read_text()
    assert "pip install -q -e '.[dev]'" in install and "apt-get install" in install and "replay-requirements.txt" in install
    assert "bash .ci/install" in (ROOT / ".ci" / "run").read_text()
    assert lines[1] == ".venv/bin/python -m pytest -q"


def test_parse_prints_canonical_json(tmp_path: Path) -> None:
    from harvester.demo.data import make_report
    from harvester.demo.formats import page_html

    report = make_report(990, "示范县人民政府", 2021, "2022-01-01")
    path = tmp_path / "r.html"
    path.write_text(page_html(report), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["agency"] == "示范县人民政府" and out["template"] == "2021"
    assert {"table": "t3", "row": "new_received", "col": "total"}.items() <= next(
        f for f in out["facts"] if f["row"] == "new_received" and f["col"] == "total"
    ).items()


def test_errors_are_clear(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["parse", str(tmp_path / "missing.pdf")])
    assert result.exit_code != 0 and "cannot read" in result.output
    (tmp_path / "s.toml").write_text("[sites.x]\nfamily = 'nope'\nstart_urls = []\nallowed_hosts = []\n")
    result = runner.invoke(cli, ["sites", "--config", str(tmp_path / "s.toml")])
    assert result.exit_code == 1 and "ConfigError" in result.output and "nope" in result.output
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    result = runner.invoke(cli, ["parse", str(tmp_path / "x.png")])
    assert result.exit_code == 1 and "image could not be read" in result.output
    (tmp_path / "x.bin").write_bytes(b"\x00\x01binary\x00" * 10)
    result = runner.invoke(cli, ["parse", str(tmp_path / "x.bin")])
    assert result.exit_code == 1 and "no extractor for binary" in result.output


def test_sites_lists_registry() -> None:
    result = CliRunner().invoke(cli, ["sites", "--config", str(ROOT / "settings.toml")])
    assert result.exit_code == 0
    assert "gd " in result.output and "www.gd.gov.cn" in result.output
    demo = CliRunner().invoke(cli, ["sites", "--demo"])
    assert "www.gd.demo.test" in demo.output and "nfcms" in demo.output


def test_parse_reads_stdin_and_json_embedded_html(shared: Path, tmp_path: Path) -> None:
    from harvester.demo.data import make_report
    from harvester.demo.render import report_body_html

    seed = next((shared / "seeds").glob("002_*.txt")).read_bytes()
    result = CliRunner().invoke(cli, ["parse", "-", "--compact"], input=seed)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["agency"] == "云浮市人民政府办公室"
    report = make_report(991, "示范县人民政府", 2020, "2021-01-01")
    api = json.dumps({"id": 991, "title": report.title, "content": report_body_html(report)}, ensure_ascii=True).replace(
        "<", "\\u003C"
    )
    (tmp_path / "detail.json").write_text(api)
    result = CliRunner().invoke(cli, ["parse", str(tmp_path / "detail.json")])
    facts = {(f["table"], f["row"], f["col"]): f["value"] for f in json.loads(result.output)["facts"]}
    assert facts[("t3", "new_received", "total")] == int(report.t3[("new_received", "total")])


def test_output_cut_short_by_its_reader_is_no_error(tmp_path: Path) -> None:
    """`harvester sites | head`: the pipe closes after one line of a long listing; no error, no traceback."""
    import subprocess
    import sys

    many = "".join(
        f'[sites.s{i}]\nfamily = "auto"\nstart_urls = ["http://www.s{i}.gov.cn/"]\nallowed_hosts = ["www.s{i}.gov.cn"]\n'
        for i in range(3000)
    )
    (tmp_path / "many.toml").write_text(many, encoding="utf-8")
    (tmp_path / "settings.toml").write_text('[harvester]\nregistry_files = ["many.toml"]\n', encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "harvester.cli", "sites", "--config", str(tmp_path / "settings.toml")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"s0 ")
    proc.stdout.close()  # as head does after its lines
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0 and err == ""
