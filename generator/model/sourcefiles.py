"""The project's source files as the model reads them: site_config.yml, each folder's
documents, and the DocumentCache of parses kept between builds (look-alike names reported)."""

from __future__ import annotations

import marshal
import os
import stat
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import Report, SourceError, make_problem
from generator.incremental.buildcache import BuildCache, Walk, content_digest
from generator.incremental.indexedfiles import Parts, seal_part
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
    Loc,
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
    # `known` and `used` hold (digest, parse): a parse made by this run is a plain tuple, one
    # kept from the last build a KeptParse, read from its file when first needed
    # (`load_parses`, `save_parses`).

    def __init__(
        self,
        known: dict[str, Parsed] | None = None,
        digest: Callable[[str, os.stat_result], str] | None = None,
        headers: dict[str, list[PhotoFinding]] | None = None,
        taken: Callable[[str], tuple[int, int, str] | None] | None = None,
        since: dict[str, Parsed] | None = None,
        walked: Callable[[str], Walk | None] | None = None,
    ) -> None:
        # `known`: the parses as last saved whole; `since`: those saved apart since then
        # (`saved`), newer where both hold a file.
        self._whole = known or {}
        self.known = {**self._whole, **since} if since else self._whole
        self.used: dict[str, Parsed] = {}
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
        # The kept parses of the sources whose Document is not made yet (`iter_sources`):
        # held past `let_go`, as a made Document held its parse until read.
        self.unread: dict[str, Parsed] = {}

    def unchanged(
        self,
        path: str,
        relpath: str,
        limit: int,
        loader: Callable[[bytes, str, int], Document] | None = None,
    ) -> Document | None:
        """The file's Document if its content is the one parsed before, without reading it;
        None when it must be read (the reading reports what is wrong with it). `loader`
        parses the file again should its kept parse be found damaged when first read."""
        found = self.kept_parse(path, relpath, limit)
        return None if found is None else self._document(path, relpath, found, limit, loader)

    def kept_parse(self, path: str, relpath: str, limit: int) -> Parsed | None:
        """The parse kept of the file (taken as this run's) if its content is the one parsed
        before, without reading the file or making its Document (`document`)."""
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
        return found

    def document(self, root: Path, relpath: str, limit: int, front_matter: bool) -> Document:
        """The Document of a source `iter_sources` left unread (under `root`), made now."""
        loader = load_front_matter_document if front_matter else load_yaml_document
        path = os.path.join(root, relpath)
        return self._document(path, relpath, self.unread.pop(relpath), limit, loader)

    def _document(
        self,
        path: str,
        relpath: str,
        found: Parsed,
        limit: int,
        loader: Callable[[bytes, str, int], Document] | None,
    ) -> Document:
        if not isinstance(found[1], KeptParse):
            return _cached_document(found[1])

        def parse_again() -> tuple[bytes, bytes, str]:
            with open(path, "rb") as handle:
                raw = handle.read(limit + 1)
            return self._parsed_again(raw, relpath, found, limit, loader)

        return _KeptDocument.of(relpath, found[1], parse_again)

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
            if not isinstance(found[1], KeptParse):
                return _cached_document(found[1])
            kept = found

            def parse_again() -> tuple[bytes, bytes, str]:
                return self._parsed_again(raw, relpath, kept, limit, loader)

            return _KeptDocument.of(relpath, found[1], parse_again)
        doc = loader(raw, relpath, limit)
        self.used[relpath] = (digest, _saved_parse(doc))
        return doc

    def _parsed_again(
        self,
        raw: bytes,
        relpath: str,
        found: Parsed,
        limit: int,
        loader: Callable[[bytes, str, int], Document] | None,
    ) -> tuple[bytes, bytes, str]:
        """The data, positions and body of a kept parse found damaged when first read, from
        its file's bytes `raw` parsed again; saved in its place."""
        # Its digest and findings (the index) were sound, its parse not: a byte changed inside
        # a text still reads as marshal data, so it is never published as read.
        if loader is None or content_digest(raw) != found[0]:
            raise RuntimeError(f"{relpath}: its kept parse is damaged and the file changed since")
        saved = _saved_parse(loader(raw, relpath, limit))
        if self.used.get(relpath) is found:  # saved apart from now, not the damaged one
            self.used[relpath] = (found[0], saved)
        return saved[1], saved[2], saved[3]

    def saved(self) -> tuple[dict[str, Parsed] | None, dict[str, Parsed]]:
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


class KeptParse:
    """A parse saved by an earlier build: its body line and findings at hand, its data,
    positions and body in the cache file until first read (`parts`)."""

    # After one edit the check reads of an unchanged source its digest and findings only
    # (`_report_lookalikes`, the privacy check's reuse): 4.5 of its 4.6 KB stay on disk.
    __slots__ = ("_at", "_file", "_length", "body_line", "lookalikes", "privacy", "relpath")

    def __init__(self, relpath: str, fields: tuple[Any, ...], file: Parts, at: int, length: int):
        self.relpath = relpath
        _digest, self.body_line, self.lookalikes, self.privacy = fields
        self._file, self._at, self._length = file, at, length

    def parts(self) -> tuple[bytes, bytes, str] | None:
        """Its data (marshal bytes), packed positions and body; None if found damaged."""
        raw = self._file.read(self._at, self._length)
        if raw is None:
            return None
        data, positions, body = marshal.loads(raw)
        return data, positions, body

    def stored(self) -> bytes:
        """Its part as stored, copied unread when the whole file is written again."""
        return self._file.stored(self._at, self._length)


# A source's entry in the cache: its content digest and its saved Document (a tuple of
# _SAVED_FIELDS as parsed by this run, or a KeptParse read from the file).
Parsed = tuple[str, Any]


def _is_saved(saved: tuple[Any, ...] | KeptParse) -> bool:
    """True if `saved` is a Document saved in this layout (not an older one)."""
    if isinstance(saved, KeptParse):
        return True
    return len(saved) == _SAVED_FIELDS and isinstance(saved[1], bytes)


def _saved_parse(doc: Document) -> tuple[Any, ...]:
    """A Document parsed now, with its privacy findings, as the cache saves it; its
    positions packed from now on."""
    doc.privacy = privacy_findings(doc.data)
    positions = pack_positions(doc.positions)
    # Held packed from now on, as a cached parse is: the positions are read only for the
    # lines of problems, and unpacked they are a fifth of a profile's model (6 KB).
    doc.positions = PackedPositions(positions)
    # The data as marshal bytes: kept to the end for the next build, they are a third of
    # its objects' size, and the build lets the objects go once its page keys are made
    # (Document.release; issue #21, the model of 100,000 profiles).
    return (
        doc.relpath, marshal.dumps(doc.data), positions, doc.body, doc.body_line,
        doc.lookalikes, doc.privacy,
    )  # fmt: skip


def load_parses(cache: BuildCache, name: str) -> dict[str, Parsed]:
    """The parses saved in `name` by `save_parses`, each read when first asked for (empty
    if missing, damaged or another format)."""
    found = cache.load_indexed(name)
    if found is None:
        return {}
    index, file = found
    return {
        relpath: (fields[0], KeptParse(relpath, fields, file, at, length))
        for relpath, (fields, at, length) in index.items()
    }


def save_parses(cache: BuildCache, name: str, parses: Mapping[str, Parsed]) -> None:
    """Save `parses` (a DocumentCache's `used` or `saved()`) into `name`: an index of their
    digests and findings, then their data, positions and bodies (kept ones copied unread)."""
    cache.save_indexed(name, (_indexed(relpath, found) for relpath, found in parses.items()))


def _indexed(relpath: str, found: Parsed) -> tuple[str, tuple[Any, ...], bytes]:
    digest, saved = found
    if isinstance(saved, KeptParse):
        fields = (digest, saved.body_line, saved.lookalikes, saved.privacy)
        return relpath, fields, saved.stored()
    _relpath, data, positions, body, body_line, lookalikes, privacy = saved
    part = seal_part(marshal.dumps((data, positions, body)))
    return relpath, (digest, body_line, lookalikes, privacy), part


class _SavedDocument(Document):
    """A Document parsed by an earlier run: its data unmarshalled when first read."""

    # After one edit nothing reads an unchanged profile's data: its validated profile and its
    # check are reused (model.checkcache) and its page keys are the last build's.

    def _read(self, name: str) -> Any:
        """The part `name` as held (`_KeptDocument` reads it from the cache file first)."""
        return self.__dict__[name]

    @property
    def data(self) -> dict[str, Any]:
        """The parsed data (read and unmarshalled the first time it is read)."""
        value = self._read("data")
        if isinstance(value, bytes):
            value = self.__dict__["data"] = marshal.loads(value)
        return value  # type: ignore[no-any-return]

    @data.setter
    def data(self, value: dict[str, Any] | bytes) -> None:
        self.__dict__["data"] = value


def _cached_document(saved: tuple[Any, ...]) -> Document:
    relpath, data, positions, body, body_line, lookalikes, found = saved
    doc = _SavedDocument(relpath, data, PackedPositions(positions), body, body_line, lookalikes)
    doc.privacy = _findings(found)
    return doc


def _findings(found: Any) -> tuple[tuple[Any, str, str], ...]:
    """Personal-data findings as a parse gives them (marshal made their locations lists)."""
    return tuple((tuple(loc), kind, text) for loc, kind, text in found)


# A part of a _KeptDocument not read yet from the cache file.
_UNREAD: Any = object()


class _KeptDocument(_SavedDocument):
    """A Document whose data, positions and body stay in the cache file until one of them
    is first read (KeptParse)."""

    @classmethod
    def of(
        cls, relpath: str, kept: KeptParse, parse_again: Callable[[], tuple[bytes, bytes, str]]
    ) -> Document:
        """The Document of `kept`; `parse_again` gives its parts should they be damaged."""
        doc = cls.__new__(cls)
        doc.__dict__.update(
            relpath=relpath, data=_UNREAD, positions=_UNREAD, body=_UNREAD,
            body_line=kept.body_line, lookalikes=kept.lookalikes,
            privacy=_findings(kept.privacy), _kept=(kept, parse_again),
        )  # fmt: skip
        return doc

    def _read(self, name: str) -> Any:
        """The part `name`, reading the parts still unread from the cache file first."""
        found = self.__dict__
        if found[name] is _UNREAD:
            kept, parse_again = found.pop("_kept")
            parts = kept.parts() or parse_again()
            for key, value in zip(("data", "positions", "body"), parts, strict=True):
                if found[key] is _UNREAD:  # `release` may have set the data already
                    found[key] = PackedPositions(value) if key == "positions" else value
        return found[name]

    # `data` is `_SavedDocument`'s, through this `_read`.

    @property
    def positions(self) -> Mapping[Loc, tuple[int, int]]:
        """The key positions (read the first time they are asked for)."""
        return self._read("positions")  # type: ignore[no-any-return]

    @positions.setter
    def positions(self, value: Mapping[Loc, tuple[int, int]]) -> None:
        self.__dict__["positions"] = value

    @property
    def body(self) -> str:
        """The text after the front matter (read the first time it is asked for)."""
        return self._read("body")  # type: ignore[no-any-return]

    @body.setter
    def body(self, value: str) -> None:
        self.__dict__["body"] = value


def _report_lookalikes(
    relpath: str, lookalikes: Sequence[tuple[int, int, str]], report: Report
) -> None:
    for line, col, letter in lookalikes:
        if letter not in LOOKALIKES:  # an invisible character, removed on load
            point, name = f"U+{ord(letter):04X}", unicodedata.name(letter, "CONTROL")
            problem = make_problem(
                relpath,
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
                relpath,
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


def read_again(root: Path, relpath: str, digest: str, limit: int, front_matter: bool) -> Document:
    """The Document of a source read and parsed again, whose content digest the build took
    as `digest` (its first Document's data released since)."""
    # A kept profile found missing from its damaged pickle after the build let its parse go
    # (a child process reading it, issue #21): made again from the very bytes the build
    # checked, or the build stops (the file changed meanwhile; the next build reads it).
    path = Path(root, relpath)
    raw = read_source(path, root, limit)
    if content_digest(raw) != digest:
        raise RuntimeError(f"{relpath}: the file changed during the build; build again")
    loader = load_front_matter_document if front_matter else load_yaml_document
    return loader(raw, relpath, limit)


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
    """The Documents of the sources in `folder`, in path order (see `iter_sources`)."""
    docs: list[Document] = []
    for item in iter_sources(root, folder, suffixes, front_matter, limit, report, failed, cache):
        if isinstance(item, str):
            assert cache is not None  # a path for a parse the cache kept
            item = cache.document(root, item, limit, front_matter)
        docs.append(item)
    return docs


def iter_sources(
    root: Path,
    folder: str,
    suffixes: tuple[str, ...],
    front_matter: bool,
    limit: int,
    report: Report,
    failed: set[str],
    cache: DocumentCache | None = None,
) -> Iterator[Document | str]:
    """The sources in `folder` in path order: a Document for each file read now, the path
    (relative to `root`) of each whose kept parse `cache` took (`DocumentCache.document`
    makes its Document when it is read); a file that fails to load is reported instead."""
    # An unchanged profile's Document is read by nothing after an edit's check but for the
    # lines of a problem: it is not made (issue #21, ~4 µs a profile).
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
    base = str(root).rstrip(os.sep) + os.sep  # `relative_path`'s, once (100,000 names)
    cut = len(base) if os.sep == "/" else 0
    for name in names:
        relpath = name[cut:] if cut and name.startswith(base) else relative_path(name, root)
        found = cache.kept_parse(name, relpath, limit) if cache is not None else None
        if found is not None and cache is not None:
            kept = found[1]
            lookalikes = kept.lookalikes if isinstance(kept, KeptParse) else kept[5]
            if lookalikes:
                _report_lookalikes(relpath, lookalikes, report)
            cache.unread[relpath] = found
            yield relpath
            continue
        path = Path(name)
        try:
            raw = read_source(path, root, limit)
            if cache is None:
                doc = loader(raw, relpath, limit)
            else:
                doc = cache.load(raw, relpath, limit, loader)
        except SourceError as exc:
            report.extend(exc.problems)
            failed.add(path.stem)
            continue
        _report_lookalikes(relpath, doc.lookalikes, report)
        yield doc


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
    _report_lookalikes(relpath, doc.lookalikes, report)
    config, problems = validate_document(doc, SiteConfig)
    report.extend(problems)
    return (config, doc) if config is not None else None
