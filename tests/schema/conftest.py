"""Validating a draft text in a fresh folder: its problems, or the valid draft."""

import pytest

from pipeline.haus import default_draft_model

from pipeline.errors import UserError
from pipeline.schema import load_yaml, validate


@pytest.fixture
def draft_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # problems show paths relative to the working folder

    def write(text: str):
        path = tmp_path / "d.yaml"
        path.write_text(text, encoding="utf-8")
        return path
    return write


@pytest.fixture
def problems(draft_file):
    """The schema's problems with a draft text, as printed lines."""
    def check(text: str) -> list[str]:
        with pytest.raises(UserError) as info:
            validate(load_yaml(draft_file(text)), default_draft_model())
        return [str(p) for p in info.value.problems]
    return check


@pytest.fixture
def valid(draft_file):
    """A draft text validated."""
    return lambda text: validate(load_yaml(draft_file(text)), default_draft_model())
