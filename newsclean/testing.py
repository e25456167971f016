"""Fixture kit and pytest plugin (issue 7). First cut: the plugin hook exists so the entry point loads."""
from __future__ import annotations


def pytest_addoption(parser):
    group = parser.getgroup("newsclean")
    group.addoption("--newsclean-fixtures", action="append", default=[], metavar="DIR",
                    help="collect newsclean fixture cases from DIR")
    group.addoption("--newsclean-update", action="store_true", default=False,
                    help="rewrite expected files of newsclean fixture cases")


def register_cli(subparsers) -> None:
    """Adds `newsclean fixtures …` (filled in by the fixture kit)."""
    f = subparsers.add_parser("fixtures", help="create, check and update fixture cases",
                              description="Golden-file fixture cases: new, check, update.")
    f.set_defaults(func=lambda args: (print("fixtures: not implemented yet"), 2)[1])
