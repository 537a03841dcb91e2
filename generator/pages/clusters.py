"""Emulation clusters and blocks (cụm, khối thi đua): a page per cluster and their index."""

from __future__ import annotations

from generator.model.clusterfigures import CLUSTERS_PATH, cluster_path
from generator.pages.renderer import PageRenderer
from generator.source.documents import CLUSTER_KINDS
from generator.templating.environment import front_matter


def render_clusters(r: PageRenderer) -> None:
    """A page per emulation cluster or block, and their index (none without clusters)."""
    clusters = r.site.clusters
    for found in clusters:
        c = found.cluster
        r.page(
            cluster_path(found.slug),
            "cluster.md",
            front_matter(c.name, c.summary or f"{CLUSTER_KINDS[c.kind][0]}: {c.organiser}"),
            found=found,
        )
    if clusters:
        r.page(
            CLUSTERS_PATH, "clusters.md", front_matter(r.t("Cụm, khối thi đua")), clusters=clusters
        )
