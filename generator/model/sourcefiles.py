"""The project's source files as the model reads them: site_config.yml, each folder's
documents, and the DocumentCache of parses kept between builds (look-alike names reported)."""

from __future__ import annotations

import marshal
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import Report, SourceError, make_problem
from generator.incremental.buildcache import Walk, content_digest
from generator.model import englishfields
from generator.model.checkcache import CheckCache
from generator.model.checker import Checker
from generator.model.englishfields import EnglishField
from generator.model.privacyscan import privacy_findings
from generator.source.config import Limits, SiteConfig, config_path
from generator.source.documents import Cluster, Decision
from generator.source.layout import CAMPAIGNS_DIR as CAMPAIGNS_DIR  # named here too, as before
from generator.source.layout import CLUSTERS_DIR as CLUSTERS_DIR
from generator.source.layout import DECISIONS_DIR as DECISIONS_DIR
from generator.source.layout import PROFILES_DIR as PROFILES_DIR
from generator.source.load import (
    MAX_PHOTO_PIXELS,
    PHOTO_RULES,
    Document,
    PackedPositions,
    PhotoFinding,
    check_photo_header,
    load_front_matter_document,
    load_yaml_document,
    pack_positions,
    read_source,
    relative_path,
)
from generator.source.names import iter_source_names, source_names_of
from generator.source.validate import validate_document
from generator.vntext import LOOKALIKES


class DocumentCache:
    """Source files parsed by an earlier run, by path and content digest."""

    # Parsing YAML is most of a check's time; after one edit, one file is parsed again. A file
    # that fails to load is never kept, so it is read, parsed and reported exactly as without.
    # `known` and `used` hold plain tuples, which the build stores with marshal.

    def __init__(
        self,
        known: dict[str, tuple[str, tuple[Any, ...]]] | None = None,
        digest: Callable[[str, os.stat_result], str] | None = None,
        headers: dict[str, list[PhotoFinding]] | None = None,
        taken: Callable[[str], tuple[int, int, str] | None] | None = None,
        since: dict[str, tuple[str, tuple[Any, ...]]] | None = None,
        walked: Callable[[str], Walk | None] | None = None,
    ) -> None:
        # `known`: the parses as last saved whole; `since`: those saved apart since then
        # (`saved`), newer where both hold a file.
        self._whole = known or {}
        self.known = {**self._whole, **since} if since else self._whole
        self.used: dict[str, tuple[str, tuple[Any, ...]]] = {}
        # What photo headers told (check_photo_header), by content digest and limits: the
        # check opens every photo's header otherwise (Pillow: 0.5 ms each).
        self.headers = headers or {}
        self.headers_used: dict[str, list[PhotoFinding]] = {}
        # A file's content digest as generator.incremental.buildcache.FileDigests gives it:
        # trusted while
        # its size, times and inode are unchanged, so an unchanged file is not even read.
        self.digest = digest
        # A file's type, size and digest as the build took them when it read its inputs
        # (FileDigests.taken): not stat'ed again (issue #21: 10,000 lstats an edit).
        self.taken = taken
        # What the build's walk of each source folder found when it read its inputs
        # (FileDigests.walked): the files of profiles/ are not listed again (issue #21).
        self.walked = walked
        # The profiles' checks of the last build (the build sets it): see model.checkcache.
        self.checked: CheckCache | None = None

    def unchanged(self, path: str, relpath: str, limit: int) -> Document | None:
        """The file's Document if its content is the one parsed before, without reading it;
        None when it must be read (the reading reports what is wrong with it)."""
        if self.digest is None or relpath not in self.known:
            return None
        taken = self.taken(path) if self.taken is not None else None
        if taken is None:
            try:
                st = os.lstat(path)
            except OSError:
                return None
            regular = stat.S_ISREG(st.st_mode) and st.st_size <= limit
            taken = (st.st_mode, st.st_size, self.digest(path, st) if regular else "")
        mode, size, digest = taken
        if not stat.S_ISREG(mode) or size > limit:
            return None
        found = self.known[relpath]
        if found[0] != digest or not _is_saved(found[1]):  # another format
            return None
        self.used[relpath] = found
        return _cached_document(found[1])

    def load(
        self,
        raw: bytes,
        relpath: str,
        limit: int,
        loader: Callable[[bytes, str, int], Document],
    ) -> Document:
        """The file's Document, parsed now only if its bytes are new."""
        digest = content_digest(raw)
        found = self.known.get(relpath)
        if found is not None and found[0] == digest and _is_saved(found[1]):
            self.used[relpath] = found
            return _cached_document(found[1])
        doc = loader(raw, relpath, limit)
        doc.privacy = privacy_findings(doc.data)
        positions = pack_positions(doc.positions)
        # Held packed from now on, as a cached parse is: the positions are read only for the
        # lines of problems, and unpacked they are a fifth of a profile's model (6 KB).
        doc.positions = PackedPositions(positions)
        # The data as marshal bytes: kept to the end for the next build, they are a third of
        # its objects' size, and the build lets the objects go once its page keys are made
        # (Document.release; issue #21, the model of 100,000 profiles).
        saved = (
            doc.relpath, marshal.dumps(doc.data), positions, doc.body, doc.body_line,
            doc.lookalikes, doc.privacy,
        )  # fmt: skip
        self.used[relpath] = (digest, saved)
        return doc

    def saved(self) -> tuple[dict[str, tuple[str, tuple[Any, ...]]] | None, dict[str, Any]]:
        """This run's parses to save: all of them, or None to keep the whole file saved (its
        parses are this run's but those in the second), and those parsed since it was
        written."""
        # After one edit, one parse is written, not every file's (4.5 KB a profile: 45 MB at
        # 10,000 profiles, written again by every edit's saver, issue #21). The whole is
        # written again once those apart, and the files it holds that are gone or changed,
        # reach an eighth of it.
        whole, used = self._whole, self.used
        since = {
            relpath: found for relpath, found in used.items() if whole.get(relpath) is not found
        }
        stale = len(whole) - (len(used) - len(since))  # in the whole, not this run's
        if not whole or len(since) + stale > max(_SINCE_MIN, len(used) // 8):
            return used, {}
        return None, since

    def let_go(self) -> None:
        """Drop the parses kept for saving (saved already)."""
        self.used, self.known, self._whole = {}, {}, {}

    def photo_findings(self, path: Path, limits: Limits) -> list[PhotoFinding]:
        """`check_photo_header` of a photo, remembered by its content while it is the same."""
        if self.digest is None:
            return check_photo_header(path, limits.max_photo_bytes, limits.min_photo_width)
        try:
            digest = self.digest(str(path), os.lstat(path))
        except OSError:
            digest = ""
        key = f"{digest} {limits.max_photo_bytes} {limits.min_photo_width} {MAX_PHOTO_PIXELS}"
        key += f" {PHOTO_RULES}"
        # This build's answer first: the check cache asks for a photo's header before the
        # photo check does (CheckCache.photos_of), and a new photo's is then read once.
        found = None if not digest else self.headers_used.get(key, self.headers.get(key))
        if found is None:
            found = check_photo_header(path, limits.max_photo_bytes, limits.min_photo_width)
        if digest:
            self.headers_used[key] = found
        return found


# Parses saved apart from the whole file past which it is written again (beside an eighth of
# the files).
_SINCE_MIN = 200
# A saved Document: relpath, data (marshal bytes), packed positions, body, body line, look-alike
# letters, personal-data findings.
_SAVED_FIELDS = 7


def _is_saved(saved: tuple[Any, ...]) -> bool:
    """True if `saved` is a Document saved in this layout (not an older one)."""
    return len(saved) == _SAVED_FIELDS and isinstance(saved[1], bytes)


class _SavedDocument(Document):
    """A Document parsed by an earlier run: its data unmarshalled when first read."""

    # After one edit nothing reads an unchanged profile's data: its validated profile and its
    # check are reused (model.checkcache) and its page keys are the last build's.

    @property
    def data(self) -> dict[str, Any]:
        """The parsed data (unmarshalled the first time it is read)."""
        value = self.__dict__["data"]
        if isinstance(value, bytes):
            value = self.__dict__["data"] = marshal.loads(value)
        return value  # type: ignore[no-any-return]

    @data.setter
    def data(self, value: dict[str, Any] | bytes) -> None:
        self.__dict__["data"] = value


def _cached_document(saved: tuple[Any, ...]) -> Document:
    relpath, data, positions, body, body_line, lookalikes, found = saved
    doc = _SavedDocument(relpath, data, PackedPositions(positions), body, body_line, lookalikes)
    doc.privacy = tuple((tuple(loc), kind, text) for loc, kind, text in found)
    return doc


def _report_lookalikes(doc: Document, report: Report) -> None:
    for line, col, letter in doc.lookalikes:
        if letter not in LOOKALIKES:  # an invisible character, removed on load
            point, name = f"U+{ord(letter):04X}", unicodedata.name(letter, "CONTROL")
            problem = make_problem(
                doc.relpath,
                line,
                col,
                "",
                "text.invisible",
                "warning",
                point=point,
                name=name,
            )
            report.add(problem)
            continue
        report.add(
            make_problem(
                doc.relpath,
                line,
                col,
                "",
                "text.lookalike",
                "warning",
                letter=letter,
                point=f"U+{ord(letter):04X}",
                fixed=LOOKALIKES[letter],
            )
        )


def file_stem(relpath: str) -> str:
    """Path(relpath).stem, without making a Path (10,000 a check)."""
    return os.path.splitext(relpath.rpartition("/")[2])[0]


def load_documents(
    root: Path,
    folder: str,
    suffixes: tuple[str, ...],
    front_matter: bool,
    limit: int,
    report: Report,
    failed: set[str],
    cache: DocumentCache | None = None,
) -> list[Document]:
    docs: list[Document] = []
    loader = load_front_matter_document if front_matter else load_yaml_document
    links: list[str] = []
    top = root / folder
    # content/ of content/campaigns, too: a link anywhere on the way would be followed.
    links += [
        str(p) for p in top.parents if p.is_relative_to(root) and p != root and p.is_symlink()
    ]
    names = _source_names(top, suffixes, links, cache) if not links else []
    for link in links:
        report.add(make_problem(relative_path(link, root), 1, 1, "", "file.folder_symlink"))
    for name in names:
        relpath = relative_path(name, root)
        if cache is not None and (known := cache.unchanged(name, relpath, limit)) is not None:
            docs.append(known)
            _report_lookalikes(known, report)
            continue
        path = Path(name)
        try:
            raw = read_source(path, root, limit)
            if cache is None:
                docs.append(loader(raw, relpath, limit))
            else:
                docs.append(cache.load(raw, relpath, limit, loader))
            _report_lookalikes(docs[-1], report)
        except SourceError as exc:
            report.extend(exc.problems)
            failed.add(path.stem)
    return docs


def _source_names(
    top: Path, suffixes: tuple[str, ...], links: list[str], cache: DocumentCache | None
) -> list[str]:
    """`iter_source_names` of `top`, from the build's walk of its inputs when it made one."""
    walked = cache.walked(str(top)) if cache is not None and cache.walked is not None else None
    if walked is None or top.is_symlink():  # a link is reported, never entered: walked
        return iter_source_names(top, suffixes, links)
    return source_names_of(str(top), *walked, suffixes, links)


# Documents named by a slug of their own, one file each in their folder.
SluggedT = TypeVar("SluggedT", Cluster, Decision)


def checked_documents(
    root: Path,
    folder: str,
    schema: type[SluggedT],
    english: Callable[[SluggedT], Iterator[EnglishField]],
    limit: int,
    report: Report,
    cache: DocumentCache | None,
    reserved: Mapping[str, str] | None = None,
) -> Iterator[tuple[Document, SluggedT, Checker]]:
    """The documents of `folder` (decisions/, clusters/) valid as `schema`, each with its
    Checker: English fields checked, the slug against the file name and `reserved` (slug ->
    the published file it would clash with); a slug met again is reported and skipped."""
    seen: dict[str, str] = {}
    for doc in load_documents(root, folder, (".yml", ".yaml"), False, limit, report, set(), cache):
        value, problems = validate_document(doc, schema)
        report.extend(problems)
        if value is None:
            continue
        check = Checker(doc, report)
        englishfields.check_fields(english(value), check)
        slug, stem = value.slug, file_stem(doc.relpath)
        if slug != stem:
            check.add(("slug",), "slug.filename", slug=slug, stem=stem)
        if reserved is not None and slug in reserved:
            check.add(("slug",), "slug.reserved", slug=slug, file=reserved[slug])
        if slug in seen:
            check.add(("slug",), "slug.duplicate", slug=slug, other=seen[slug])
            continue
        seen[slug] = doc.relpath
        yield doc, value, check


def load_config(root: Path, report: Report) -> tuple[SiteConfig, Document] | None:
    """Load and validate site_config.yml, reporting problems."""
    path = config_path(root)
    relpath = relative_path(path, root)
    if not path.is_file():
        report.add(make_problem(relpath, 1, 1, "", "file.unreadable", reason="not found"))
        return None
    try:
        doc = load_yaml_document(read_source(path, root), relpath)
    except SourceError as exc:
        report.extend(exc.problems)
        return None
    _report_lookalikes(doc, report)
    config, problems = validate_document(doc, SiteConfig)
    report.extend(problems)
    return (config, doc) if config is not None else None
