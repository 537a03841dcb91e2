"""Emulation clusters and blocks (cụm, khối thi đua): a page per cluster and their index."""

from __future__ import annotations

from generator.model.clusterfigures import CLUSTERS_PATH, cluster_path
from generator.pages.renderer import PageRenderer
from generator.source.documents import CLUSTER_KINDS, Cluster
from generator.templating.environment import front_matter


def cluster_description(r: PageRenderer, c: Cluster) -> tuple[str]:
    """A cluster page's description in the edition's language (the English summary, else
    its kind and organiser, the organiser's name as written)."""
    if r.language == "vi":
        return (c.summary or f"{CLUSTER_KINDS[c.kind][0]}: {c.organiser}",)
    summary = c.en.summary if c.en is not None else None
    return (summary or f"{CLUSTER_KINDS[c.kind][1]}: {c.organiser}",)


def render_clusters(r: PageRenderer) -> None:
    """A page per emulation cluster or block, and their index (none without clusters)."""
    clusters = r.site.clusters
    for found in clusters:
        c = found.cluster
        r.page(
            cluster_path(found.slug),
            "cluster.md",
            front_matter(c.name, *cluster_description(r, c)),
            found=found,
        )
    if clusters:
        r.page(
            CLUSTERS_PATH, "clusters.md", front_matter(r.t("Cụm, khối thi đua")), clusters=clusters
        )
