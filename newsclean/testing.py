"""Fixture kit and pytest plugin (issue 7). First cut: the plugin hook exists so the entry point loads."""
from __future__ import annotations


def pytest_addoption(parser):
    group = parser.getgroup("newsclean")
    group.addoption("--newsclean-fixtures", action="append", default=[], metavar="DIR",
                    help="collect newsclean fixture cases from DIR")
    group.addoption("--newsclean-update", action="store_true", default=False,
                    help="rewrite expected files of newsclean fixture cases")
