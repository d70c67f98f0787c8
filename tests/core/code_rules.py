"""Measures of the house rules that a reader cannot see in one file: import circles, module
length, single-letter aliases and classes built with `type()`.

`python -m tests.core.code_rules` prints each count and what it found; `test_code_rules.py`
holds them at zero. Only the project's own modules are read (no virtualenv, no migrations).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500
SKIPPED_PARTS = {".venv", "migrations", "node_modules", "var", "static", "locale", "templates"}


def python_files(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*.py")
        if not SKIPPED_PARTS.intersection(path.relative_to(root).parts)
    )


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The project modules a module imports, at load time or inside a function (an import
    moved into a function to dodge a circle is still the circle), not under
    `if TYPE_CHECKING`: `from a.b import c` counts `a.b.c` when it is a module."""
    found: set[str] = set()
    package = name if is_package else name.rpartition(".")[0]

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.add(alias.name)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                for alias in node.names:
                    found.add(f"{base}.{alias.name}")
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                visit(node.orelse)
            else:
                visit(ast.iter_child_nodes(node))

    visit(tree.body)
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    resolved = set()
    for module in found:
        # `import a.b.c` loads a, a.b and a.b.c, each package's __init__ running; the
        # importing module's own ancestors are already loading, so they add no edge.
        parts = module.split(".")
        for i in range(1, len(parts) + 1):
            candidate = ".".join(parts[:i])
            if candidate in known and candidate != name and candidate not in ancestors:
                resolved.add(candidate)
    return resolved


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = {module_name(path, root): path for path in python_files(root)}
    known = set(files)
    return {
        name: _imported_modules(
            ast.parse(path.read_text()), name, path.name == "__init__.py", known
        )
        for name, path in files.items()
    }


def import_circles(root: Path = ROOT) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan): each group imports itself in a circle."""
    graph = import_graph(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0
    sys.setrecursionlimit(10_000)

    def strongconnect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                strongconnect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return sorted(circles)


def long_modules(root: Path = ROOT) -> list[tuple[int, str]]:
    lengths = [
        (len(path.read_text().splitlines()), str(path.relative_to(root)))
        for path in python_files(root)
    ]
    return sorted(item for item in lengths if item[0] > MAX_LINES)


def single_letter_aliases(root: Path = ROOT) -> list[str]:
    """`S = Signup.Status` and the like: a one-letter name bound to another name at module or
    class level (`M` meant Membership in one file and Matter.Status in another)."""
    found = []
    for path in python_files(root):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and len(node.targets[0].id) == 1
                and node.targets[0].id.isupper()
                and isinstance(node.value, (ast.Name, ast.Attribute))
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(node)}")
    return found


def classes_built_with_type(root: Path = ROOT) -> list[str]:
    """`type(name, bases, namespace)`: a class that grep for `class Name` cannot find."""
    found = []
    for path in python_files(root):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "type"
                and len(node.args) == 3
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def main() -> None:
    circles = import_circles()
    sys.stdout.write(f"import circles: {len(circles)}" + "\n")
    for group in circles:
        sys.stdout.write("  " + " <-> ".join(group) + "\n")
    modules = long_modules()
    sys.stdout.write(f"modules over {MAX_LINES} lines: {len(modules)}" + "\n")
    for lines, path in modules:
        sys.stdout.write(f"  {lines} {path}" + "\n")
    aliases = single_letter_aliases()
    sys.stdout.write(f"single-letter aliases: {len(aliases)}" + "\n")
    for line in aliases:
        sys.stdout.write("  " + line + "\n")
    built = classes_built_with_type()
    sys.stdout.write(f"classes built with type(): {len(built)}" + "\n")
    for line in built:
        sys.stdout.write("  " + line + "\n")


if __name__ == "__main__":
    main()
