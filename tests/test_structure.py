"""The shape of the package: imports go one way down, no cycles, tests mirror the modules.

Reads the source with `ast` (nothing is imported), so a forbidden import is found even inside
a function or a branch that no test runs. Imports under `if TYPE_CHECKING:` are type hints
only and exempt.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pipeline
from helpers import REPO

PACKAGE = REPO / "pipeline"
TESTS = REPO / "tests"
EXEMPT_TESTS = {TESTS / "test_structure.py"}  # this file tests the package as a whole
LAYER = {unit: len(pipeline.LAYERS) - depth
         for depth, units in enumerate(pipeline.LAYERS) for unit in units}


def modules() -> dict[str, Path]:
    """Dotted name -> file of every module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def unit_of(module: str) -> str | None:
    """The package or root module of `pipeline` a module belongs to (None: `pipeline`)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _type_checking_only(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def lazy_exports(path: Path) -> dict[str, str]:
    """Name -> submodule of a package whose __init__ names its interface with lazy_loader."""
    out = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "attach":
            for keyword in node.keywords:
                if keyword.arg == "submod_attrs":
                    for sub, names in ast.literal_eval(keyword.value).items():
                        out.update({name: sub for name in names})
                elif keyword.arg == "submodules":
                    out.update({sub: sub for sub in ast.literal_eval(keyword.value)})
    return out


def imports(module: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, imported pipeline module) for every import in a module, at any depth. A name
    taken from a package's interface counts as an import of the submodule that defines it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [(base, alias.name) for alias in node.names]
        else:
            continue
        if _type_checking_only(node, parents):
            continue
        for base, name in targets:
            if not (base == "pipeline" or base.startswith("pipeline.")):
                continue
            target = base
            if name and f"{base}.{name}" in known:
                target = f"{base}.{name}"
            elif name and base in known and known[base].name == "__init__.py":
                sub = lazy_exports(known[base]).get(name)
                target = f"{base}.{sub}" if sub else base
            out.append((node.lineno, target))
    return out


def graph() -> dict[str, list[tuple[int, str]]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def layer_violations(edges: dict[str, list[tuple[int, str]]]) -> list[str]:
    known = modules()
    out = []
    for module, targets in edges.items():
        source = unit_of(module)
        for line, target in targets:
            goal = unit_of(target)
            if source is None or goal is None or goal == source:
                continue
            if LAYER[goal] >= LAYER[source]:
                where = "sideways" if LAYER[goal] == LAYER[source] else "upwards"
                out.append(f"{known[module].relative_to(REPO)}:{line}: imports {target} "
                           f"({where}: {source} is layer {LAYER[source]}, {goal} layer "
                           f"{LAYER[goal]})")
    return out


def cycles(edges: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Each import cycle once, as `a -> b -> a`."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for _, target in edges.get(node, []):
            if target == node or target not in edges:
                continue
            if state.get(target) == "open":
                found.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in edges:
        if node not in state:
            visit(node)
    return found


def test_every_unit_has_a_layer():
    units = {unit_of(m) for m in modules()} - {None}
    assert units == set(LAYER), "pipeline.LAYERS and the package disagree"


def test_imports_go_only_downwards():
    assert layer_violations(graph()) == []


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_the_checks_see_a_planted_upward_import_and_cycle():
    """The two tests above can fail: an upward import and a cycle added to the real graph."""
    edges = graph()
    edges["pipeline.schema.load"] = edges["pipeline.schema.load"] + [(1, "pipeline.build.batch")]
    edges["pipeline.render.values"] = (edges["pipeline.render.values"]
                                       + [(1, "pipeline.render.sections")])
    assert any("pipeline/schema/load.py:1: imports pipeline.build.batch (upwards" in v
               for v in layer_violations(edges))
    assert any("pipeline.render.values" in c and "pipeline.render.sections" in c
               for c in cycles(edges))


def has_logic(path: Path) -> bool:
    """A module that defines a function or method; pure data and interface lists do not."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(tree))


def mirror(path: Path) -> Path:
    """pipeline/<package>/<module>.py -> tests/<package>/test_<module>.py"""
    relative = path.relative_to(PACKAGE)
    return TESTS.joinpath(*relative.parts[:-1], f"test_{relative.name}")


def test_every_module_with_logic_has_its_test_module():
    missing = [f"{mirror(p).relative_to(REPO)} (for {p.relative_to(REPO)})"
               for p in modules().values() if p.name != "__init__.py" and has_logic(p)
               and not mirror(p).is_file()]
    assert missing == []


def test_every_test_module_mirrors_a_module():
    expected = {mirror(p) for p in modules().values() if p.name != "__init__.py"}
    strays = [str(t.relative_to(REPO)) for t in sorted(TESTS.rglob("test_*.py"))
              if t not in expected and t not in EXEMPT_TESTS
              and "e2e" not in t.relative_to(TESTS).parts]
    assert strays == [], "test modules without a module (end-to-end tests go in tests/e2e/)"


def test_every_package_names_an_interface_that_imports():
    """Each name a package's __init__ offers resolves (EAGER_IMPORT makes lazy_loader import
    them all at once)."""
    names = [m for m, p in modules().items() if p.name == "__init__.py" and m != "pipeline"]
    script = "import importlib\n" + "".join(
        f"m = importlib.import_module({name!r})\nassert m.__all__, {name!r}\n"
        f"[getattr(m, n) for n in m.__all__]\n" for name in names)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "EAGER_IMPORT": "1"}, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_check_does_not_load_the_renderer_or_pdf_libraries():
    script = ("import sys, pipeline.check, pipeline.check.draft, pipeline.check.rules, "
              "pipeline.check.templates\n"
              "print(sorted(m for m in ('docxtpl', 'docx', 'pypdf') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
