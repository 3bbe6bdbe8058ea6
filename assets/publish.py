"""snapshot: the read-only copy of the warehouse that readers open, published as the run's last step."""
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, MetadataValue, asset

from arqam.assets.conventions import conventions
from arqam.assets.resources import WarehouseResource


@asset(deps=[AssetKey("claims")], group_name="arqam", **conventions("snapshot"))
def snapshot(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    """The warehouse as this run left it, copied whole for readers (``arqam facts``, SQL, dashboards).

    Downstream of every stage: it runs only when each stage and each of its blocking checks
    passed, so readers never see a run that failed. A copy that cannot be made (a full disk)
    fails this step, and with it the run; readers keep the last successful run's copy.
    """
    path = warehouse.store().publish_snapshot(warehouse.snapshot_path())
    context.log.info(f"published the snapshot for readers: {path}")
    return MaterializeResult(metadata={"path": MetadataValue.path(str(path)), "bytes": path.stat().st_size})
