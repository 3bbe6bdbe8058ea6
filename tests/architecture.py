"""arqam's import graph, read from the source (``ast``, nothing imported): every arqam module's
imports of other arqam modules, those inside functions included (a lazy import is an arrow all the
same: it only moves the moment it is taken).

The packages are layers, each importing only those below it::

    extraction  <  warehouse, expectations  <  assets  <  pipelines  <  arqam (api)

``extraction`` is the pure core and imports no other arqam package; ``warehouse`` (DuckDB, its
SQL) and ``expectations`` (the Great Expectations suites) stand side by side on it; ``assets``
(Dagster assets and the resources they need) on those; ``pipelines`` (code locations,
the command line, reports) on everything.  An arrow the other way, or a cycle of modules, is a
finding (``tests/test_architecture.py``).  ``make imports`` prints the package graph::

    .venv/bin/python -m tests.architecture
"""
from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extraction", "warehouse", "expectations", "assets", "pipelines")
# a package may import the packages of a lower rank only
RANK = {"extraction": 0, "warehouse": 1, "expectations": 1, "assets": 2, "pipelines": 3, "arqam": 4}


def module_files() -> dict[str, Path]:
    """arqam module name -> its source file (``arqam.assets.raw`` -> assets/raw.py)."""
    files = {}
    for folder in ("arqam", *PACKAGES):
        base = ROOT / folder
        for path in sorted(base.rglob("*.py")):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            files[".".join(["arqam", *([] if folder == "arqam" else [folder]), *parts])] = path
    return files


def _target(name: str, modules: set[str]) -> str | None:
    """The arqam module ``name`` designates: itself, or the longest module it starts with."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str, path: Path, modules: set[str]) -> list[tuple[str, int]]:
    """(imported arqam module, line) of every import in ``path``, at any depth."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from arqam.x import y``: the module arqam.x.y if there is one, else arqam.x
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _target(name, modules) if name.startswith("arqam.") or name == "arqam" else None
            if target and target != module and target != "arqam":
                found.append((target, node.lineno))
    return found


def graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: first line importing it}."""
    files = module_files()
    modules = set(files)
    edges: dict[str, dict[str, int]] = {}
    for module, path in files.items():
        edges[module] = {}
        for target, line in imports(module, path, modules):
            edges[module].setdefault(target, line)
    return edges


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in PACKAGES else "arqam"


def upward_arrows(edges: dict[str, dict[str, int]]) -> list[str]:
    """``module:line imports target`` for each import of a package not below the importer's."""
    found = []
    for module, targets in sorted(edges.items()):
        for target, line in sorted(targets.items()):
            source, sink = package_of(module), package_of(target)
            if source != sink and RANK[sink] >= RANK[source]:
                found.append(f"{module}:{line} imports {target} ({source} may not import {sink})")
    return found


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The module cycles: each strongly connected component of more than one module
    (Tarjan's algorithm), or a module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def describe_cycle(component: list[str], edges: dict[str, dict[str, int]]) -> str:
    """The imports that close a cycle, each as ``module:line imports target``."""
    inside = set(component)
    return "; ".join(
        f"{module}:{line} imports {target}"
        for module in component
        for target, line in sorted(edges[module].items())
        if target in inside
    )


def package_graph(edges: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """package -> {imported package: number of module imports}."""
    packages: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for module, targets in edges.items():
        for target in targets:
            source, sink = package_of(module), package_of(target)
            if source != sink:
                packages[source][sink] += 1
    return packages


def main() -> int:
    edges = graph()
    print(f"{len(edges)} arqam modules, {sum(map(len, edges.values()))} imports between them")
    packages = package_graph(edges)
    for source in sorted(RANK, key=lambda p: (RANK[p], p)):
        arrows = ", ".join(f"{sink} ({count})" for sink, count in sorted(packages.get(source, {}).items(),
                                                                          key=lambda item: (RANK[item[0]], item[0])))
        print(f"  {source:<13} -> {arrows or 'nothing of arqam'}")
    found = cycles(edges)
    upward = upward_arrows(edges)
    for component in found:
        print(f"cycle: {describe_cycle(component, edges)}")
    for arrow in upward:
        print(f"upward: {arrow}")
    if found or upward:
        print(f"{len(found)} cycles, {len(upward)} upward arrows")
        return 1
    print("no cycles, no upward arrows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
