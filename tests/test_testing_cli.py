"""`newsclean fixtures` from the command line: what a failed `new` leaves behind."""
from __future__ import annotations

from newsclean.cli import main

from test_batch import page


def test_fixtures_new_on_an_input_newsclean_refuses_leaves_no_half_case(tmp_path, capsys):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "good.html").write_bytes(page(2))
    fx = tmp_path / "fx"
    assert main(["fixtures", "new", str(tmp_path / "empty.html"), "--name", "a", "--dir", str(fx)]) == 1
    assert "empty" in capsys.readouterr().err
    assert not (fx / "a").exists()
    # the name is still free, and the fixture folder still checks clean
    assert main(["fixtures", "new", str(tmp_path / "good.html"), "--name", "a", "--dir", str(fx)]) == 0
    assert main(["fixtures", "check", str(fx)]) == 0
    # a refused input does not destroy the case it was meant to replace
    assert main(["fixtures", "new", str(tmp_path / "empty.html"), "--name", "a", "--dir", str(fx), "--force"]) == 1
    assert main(["fixtures", "check", str(fx)]) == 0
    assert "1 of 1 fixture cases match" in capsys.readouterr().out
