"""Every cell of the access matrix in docs/SECURITY.md, against the server."""

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "SECURITY.md"
OPERATIONS = {"r": "read", "c": "create", "w": "write", "u": "unlink"}


def _matrix():
    """{(role, model): 'rcwu'-style cell} from the table of docs/SECURITY.md."""
    roles, cells = None, {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        columns = [c.strip() for c in line.strip().strip("|").split("|")]
        if columns[0] == "model":
            roles = columns[1:]
        elif roles and re.fullmatch(r"`cchc(\.[a-z_]+)+`", columns[0]):
            for role, cell in zip(roles, columns[1:], strict=True):
                cells[role, columns[0].strip("`")] = cell
    return cells


MATRIX = _matrix()


def test_matrix_covers_every_model_and_role(world):
    """Every model of the addon with access rights (not the abstract ones)."""
    rights = world.admin(
        "ir.model.access",
        "search_read",
        [("model_id.model", "=like", "cchc.%")],
        fields=["model_id"],
    )
    models = world.admin(
        "ir.model", "read", list({r["model_id"][0] for r in rights}), ["model"]
    )
    assert {model for _role, model in MATRIX} == {m["model"] for m in models}
    assert {role for role, _model in MATRIX} == set(world.roles)


@pytest.mark.parametrize(("role", "model"), sorted(MATRIX))
def test_matrix_cell(world, role, model):
    user = world.as_user(world.roles[role])
    expected = MATRIX[role, model]
    actual = "".join(
        letter if user(model, "has_access", [], operation) else "-"
        for letter, operation in OPERATIONS.items()
    )
    assert actual == expected
    if "r" in expected:
        assert isinstance(user(model, "search_count", []), int)
    else:
        with pytest.raises(user.Error) as error:
            user(model, "search_count", [])
        assert error.value.name == "AccessError"
    if "c" not in expected:
        with pytest.raises(user.Error) as error:
            user(model, "create", {})
        assert error.value.name == "AccessError"
