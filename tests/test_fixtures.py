"""The project's own fixtures/, run through the pytest plugin exactly as a user would run theirs."""
from __future__ import annotations

from pathlib import Path

from newsclean.testing import find_cases

pytest_plugins = ("pytester",)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_enough_reviewed_cases():
    cases = find_cases(FIXTURES)
    assert len(cases) >= 15
    for c in cases:
        assert c.note, f"{c.path}: case.toml needs a note saying what a reviewer should see"


def test_project_fixtures_pass_through_plugin(pytester, pytestconfig):
    args = ["--newsclean-fixtures", str(FIXTURES), "-p", "no:cacheprovider"]
    if not pytestconfig.pluginmanager.has_plugin("newsclean"):
        args += ["-p", "newsclean.testing"]
    r = pytester.runpytest_inprocess(*args)
    outcomes = r.parseoutcomes()
    n = len(find_cases(FIXTURES))
    # On failure the inner run's output holds the per-paragraph diff of each case.
    assert outcomes.get("passed", 0) == n, r.stdout.str()
