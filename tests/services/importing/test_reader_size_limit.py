"""``refuse_larger_than``: the one size refusal the CSV and workbook readers share."""

from __future__ import annotations

from pathlib import Path

import pytest

from vpr_desktop.domain.errors import ValidationError
from vpr_desktop.services.importing.reader import MB
from vpr_desktop.services.importing.reader import refuse_larger_than


def test_a_file_within_the_limit_gives_its_size(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert refuse_larger_than(path, MB, "CSV files", "Split it.") == 8


def test_a_file_over_the_limit_is_refused_in_the_readers_words(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (3 * MB))
    with pytest.raises(ValidationError) as caught:
        refuse_larger_than(path, 2 * MB, "CSV files", "Split the export into smaller files.")
    err = caught.value
    assert err.message == "big.csv is 3 MB; CSV files over 2 MB are not read."
    assert err.next_step == "Split the export into smaller files."
    assert err.problems == [(None, "", "", "big.csv is 3 MB; CSV files over 2 MB are not read.")]
