import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red CI must mean a change broke something); local runs explore.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSCLEAN_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
SAMPLE = SHARED / "samples" / "jiemian-qwen-mirror.txt"


def need(path: Path) -> Path:
    """The shared corpus lives beside the repo (../shared); skip tests that need it when it is absent."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    return need(CORPUS)


@pytest.fixture(scope="session")
def sample_text() -> str:
    return need(SAMPLE).read_text(encoding="utf-8")
