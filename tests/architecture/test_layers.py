"""The layers contract in pyproject.toml is real: it passes on the tree as it is and
fails as soon as the ground floor imports from a floor above it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cms", "sites", "home", "publicity", "bench", "tests")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree):
    # A test dependency (pyproject.toml, extra "test"): missing, the check fails, never skips.
    assert LINT_IMPORTS.exists(), f"{LINT_IMPORTS} is missing: pip install -e '.[test]'"
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory):
    tree = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", tree)
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.po", "static", "templates")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=ignore)
    return tree


def test_the_tree_keeps_its_layers(tree_copy):
    result = lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Apps import downward only" in result.stdout


def test_an_upward_import_from_sites_breaks_the_lint(tree_copy):
    culprit = tree_copy / "sites" / "text.py"
    original = culprit.read_text()
    culprit.write_text(original + "\nfrom home.models import NewsPage  # noqa\n")
    try:
        result = lint_imports(tree_copy)
    finally:
        culprit.write_text(original)
    assert result.returncode != 0
    assert "sites.text -> home.models" in result.stdout
