"""The example draft fills every field of the model, so template checks know every name."""

from pydantic import BaseModel

from pipeline.schema import Draft, describe_fields, example_draft

GIVEN_BY_BUILD = {"vorlagennummer"}  # a draft holds it only when numbered before the tool


def _unfilled(model: type[BaseModel], values: list, path: str = "", depth: int = 0) -> list:
    """Fields of `model` (recursively) that none of `values` fills."""
    out = []
    for field in describe_fields(model):
        where = f"{path}{field.name}"
        found = [getattr(v, field.name) for v in values]
        found = [x for x in found if x not in (None, [], "")]
        if not found:
            if field.name not in GIVEN_BY_BUILD:
                out.append(where)
        elif field.model is not None and depth < 3:
            items = [i for x in found for i in (x if field.is_list else [x])]
            out += _unfilled(field.model, items, where + ".", depth + 1)
    return out


def test_example_is_valid_and_fills_every_field():
    example = example_draft()
    assert isinstance(example, Draft)
    assert _unfilled(Draft, [example]) == []
