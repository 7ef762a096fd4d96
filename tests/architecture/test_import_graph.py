"""The project's import graph has no circle, and no project import hides inside a
function to dodge one (README, Architecture › Layers). grimp (import-linter's graph
library, so a test dependency already) reads every import, those in functions included."""

import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cms", "publicity", "home", "sites", "bench", "tests")
APPS = ("cms", "publicity", "home", "sites")

# The only functions of the apps that may import project modules, and why (README says the
# same): Django runs AppConfig.ready() once every model is loaded; it is where an app
# connects its signal receivers and registers its permission policies and patches.
IMPORTS_ALLOWED_IN = {
    ("home/apps.py", "ready"),
    ("publicity/apps.py", "ready"),
    ("sites/apps.py", "ready"),
}


def circles(graph):
    """Groups of modules that import each other, directly or through others (Tarjan's
    strongly connected components, without recursion)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, imported = work[-1]
            for other in imported:
                if other not in index:
                    index[other] = low[other] = len(index)
                    stack.append(other)
                    on_stack.add(other)
                    work.append(
                        (other, iter(sorted(graph.find_modules_directly_imported_by(other))))
                    )
                    break
                if other in on_stack:
                    low[module] = min(low[module], index[other])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return found


def describe(graph, group):
    """One way round the circle, for the failure message."""
    first, second = group[0], sorted(graph.find_modules_directly_imported_by(group[0]))
    second = next(m for m in second if m in group)
    back = graph.find_shortest_chain(importer=second, imported=first)
    return " -> ".join((first, *back))


class _FunctionImports(ast.NodeVisitor):
    def __init__(self, project):
        self.project, self.function, self.found = project, None, []

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        for alias in node.names:
            self._found(node, alias.name, alias.name.split(".")[0] in self.project)

    def visit_ImportFrom(self, node):
        module = "." * node.level + (node.module or "")
        self._found(node, module, node.level > 0 or module.split(".")[0] in self.project)

    def _found(self, node, module, project_import):
        if self.function is not None and project_import:
            self.found.append((self.function, node.lineno, module))


def imports_in_functions(source, project=PACKAGES):
    """(function, line, module) of every project import inside a function."""
    visitor = _FunctionImports(project)
    visitor.visit(ast.parse(source))
    return visitor.found


def test_the_import_graph_has_no_circle():
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False, cache_dir=None)
    assert "home.models" in graph.modules and "publicity.models" in graph.modules
    found = circles(graph)
    assert not found, "\n".join(describe(graph, group) for group in found)


def test_a_circle_is_found():
    graph = grimp.ImportGraph()
    for importer, imported in [("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")]:
        graph.add_import(importer=importer, imported=imported)
    assert circles(graph) == [["a.x", "a.y", "a.z"]]
    assert describe(graph, ["a.x", "a.y", "a.z"]) == "a.x -> a.y -> a.z -> a.x"
    graph.remove_import(importer="a.z", imported="a.x")
    assert circles(graph) == []


def test_no_project_import_hides_in_a_function():
    hidden = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            for function, line, module in imports_in_functions(path.read_text()):
                if (relative, function) not in IMPORTS_ALLOWED_IN:
                    hidden.append(f"{relative}:{line} {function}() imports {module}")
    assert not hidden, "\n".join(hidden)


def test_an_import_in_a_function_is_found():
    source = (
        "import os\n"
        "from home.models import NewsPage\n"
        "def view(request):\n"
        "    import json\n"
        "    from django.db import models\n"
        "    from .models import Thing\n"
        "    def inner():\n"
        "        import sites.models\n"
        "class Page:\n"
        "    async def render(self):\n"
        "        from publicity.public import build_checklist\n"
    )
    assert imports_in_functions(source) == [
        ("view", 6, ".models"),
        ("inner", 8, "sites.models"),
        ("render", 11, "publicity.public"),
    ]
