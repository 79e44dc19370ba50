"""Count import cycles among Souk's own modules, imports inside function bodies included.

import-linter checks the layers between apps; this script answers a narrower question that the
layers leave open: does any group of modules import each other, at module level or from inside a
function (where a cycle hides until the function first runs)? It reads the source with `ast`
(no module is imported), resolves relative imports, maps `from package import name` to the
submodule when `name` is one, and counts the strongly connected components of more than one
module. Imports under `if TYPE_CHECKING:` are left out: they never run.

    /work/venv/bin/python bench/import_cycles.py            # prints "import cycles: 0"
    /work/venv/bin/python bench/import_cycles.py --apps     # also the cycles between apps

Exit status 1 when a cycle exists, so CI can run it as a check.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOTS = ("marketplace", "payments", "artisans", "demo")
SKIP_DIRS = {"migrations", "__pycache__"}


def discover(base: Path) -> dict[str, Path]:
    """Map every module name under the root packages to its file."""
    modules = {}
    for root in ROOTS:
        for path in (base / root).rglob("*.py"):
            if SKIP_DIRS & set(path.relative_to(base).parts):
                continue
            parts = list(path.relative_to(base).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST):
    """Yield every Import/ImportFrom node, in function bodies too, outside TYPE_CHECKING."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_block(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def edges_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Answer the internal modules `name` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in _imports(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = []
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                targets.append(sub if sub in modules else source)
        for target in targets:
            # `import a.b.c` names a.b.c; keep the longest prefix that is one of ours.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Answer the strongly connected components of more than one node (Tarjan, iterative)."""
    index, low, on_stack, stack, out = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(sorted(component))
    return out


def app_of(module: str) -> str:
    """Answer the app a module belongs to (marketplace.orders, payments, demo...)."""
    parts = module.split(".")
    if parts[0] == "marketplace" and len(parts) > 1:
        return ".".join(parts[:2])
    return parts[0]


def build(base: Path) -> dict[str, set[str]]:
    """Answer the module import graph of the root packages."""
    modules = discover(base)
    return {name: edges_of(name, path, modules) for name, path in modules.items()}


def main() -> None:
    """Print the number of module import cycles (and their members); exit 1 when any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--apps", action="store_true", help="also count cycles between apps")
    args = parser.parse_args()
    graph = build(args.base)
    cycles = strongly_connected(graph)
    for members in cycles:
        print("cycle:", " ↔ ".join(members))
    print(f"import cycles: {len(cycles)} ({len(graph)} modules)")
    failed = bool(cycles)
    if args.apps:
        apps: dict[str, set[str]] = defaultdict(set)
        for module, targets in graph.items():
            apps[app_of(module)]  # every app is a node, even one that imports nothing
            for target in targets:
                if app_of(target) != app_of(module):
                    apps[app_of(module)].add(app_of(target))
        app_cycles = strongly_connected(apps)
        for members in app_cycles:
            print("app cycle:", " ↔ ".join(members))
        print(f"app cycles: {len(app_cycles)} ({len(apps)} apps)")
        failed = failed or bool(app_cycles)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
