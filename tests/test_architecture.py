"""The import graph of arqam's own modules, read from the source (``tests/architecture.py``): no cycle,
and every package imports only the packages below it (extraction < warehouse, expectations < assets
< pipelines).  ``make imports`` prints the graph."""
from tests import architecture


def test_every_module_of_every_package_is_read():
    edges = architecture.graph()
    assert {architecture.package_of(module) for module in edges} == {*architecture.PACKAGES, "arqam"}
    assert "arqam.assets.raw" in edges and "arqam.warehouse.store" in edges["arqam.assets.raw"]
    # an import inside a function is an arrow too
    assert "arqam.pipelines.definitions" in edges["arqam.pipelines.cli"]


def test_no_module_imports_itself_back():
    edges = architecture.graph()
    found = architecture.cycles(edges)
    assert not found, "import cycles: " + " | ".join(architecture.describe_cycle(c, edges) for c in found)


def test_every_import_goes_down_the_layers():
    upward = architecture.upward_arrows(architecture.graph())
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_the_checks_find_a_cycle_and_an_upward_arrow():
    edges = {
        "arqam.pipelines.cli": {"arqam.pipelines.parquet": 3},
        "arqam.pipelines.parquet": {"arqam.pipelines.cli": 7},
        "arqam.assets.raw": {"arqam.pipelines.resources": 12, "arqam.warehouse.store": 13},
        "arqam.pipelines.resources": {},
        "arqam.warehouse.store": {},
    }
    [cycle] = architecture.cycles(edges)
    assert cycle == ["arqam.pipelines.cli", "arqam.pipelines.parquet"]
    assert "arqam.pipelines.parquet:7 imports arqam.pipelines.cli" in architecture.describe_cycle(cycle, edges)
    assert architecture.upward_arrows(edges) == [
        "arqam.assets.raw:12 imports arqam.pipelines.resources (assets may not import pipelines)"
    ]
