"""The layout stays as docs/architecture.md draws it: layers, no dead code, small modules, one package each.

These run the same checks CI runs (import-linter, vulture, ruff's unused-code rules) so that the test command
alone keeps them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "statement_lens"
BIN = Path(sys.executable).parent
MAX_LINES = 400
TOP_LEVEL_MODULES = {
    "__init__.py",
    "__main__.py",
    "cli.py",
    "config.py",
    "errors.py",
    "services.py",
    "types.py",
}


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_import_contracts_hold():
    """pyproject.toml's contracts: one-way layers, Streamlit only in ui/, no training code in runtimes."""
    out = _run(str(BIN / "lint-imports"), "--no-cache")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def test_no_dead_code():
    """Vulture finds no product code that nothing in the repository uses.

    Framework hooks are listed, with a reason, in scripts/vulture_whitelist.py; tests, benchmarks and scripts
    are scanned as users of the product code, not checked themselves.
    """
    out = _run(
        str(BIN / "vulture"),
        "src",
        "app.py",
        "app_pages",
        "scripts",
        "benchmarks",
        "tests",
        "--min-confidence",
        "60",
    )
    assert not out.stderr.strip(), out.stderr[-2000:]
    unused = [line for line in out.stdout.splitlines() if line.startswith(("src/", "app.py", "app_pages/"))]
    assert not unused, "\n".join(unused)


def test_no_unused_arguments_imports_or_variables():
    out = _run(
        sys.executable, "-m", "ruff", "check", "--select", "ARG,F401,F811,F841", "src", "app.py", "app_pages"
    )
    assert out.returncode == 0, out.stdout[-4000:]


def test_no_module_is_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in [*PACKAGE.rglob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these by concern (at most {MAX_LINES} lines each): {long}"


def test_only_the_entry_points_are_top_level_modules():
    """Everything else lives in the package of its concern (text, quotes, topics, stance, summary, ...)."""
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top <= TOP_LEVEL_MODULES, f"move into a package: {sorted(top - TOP_LEVEL_MODULES)}"


@pytest.mark.parametrize("package", sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")))
def test_every_package_says_what_it_owns(package):
    init = (PACKAGE / package / "__init__.py").read_text(encoding="utf-8")
    assert init.lstrip().startswith('"""'), f"{package}/__init__.py needs a docstring saying what it owns"
