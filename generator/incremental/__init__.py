"""What one build keeps for the next: caches, stamps, digests and reused pages. Imports no stage.

Every record is an optimisation: deleting ``.vinhdanh-cache`` and ``build/`` (or ``vinhdanh
build --clean``) gives the same site, only slower. The mechanisms, one of each:

- ``stamps``: the one file stamp ``(ino, size, mtime_ns, ctime_ns)``; ``same`` (sources: the
  whole stamp and the racy-time rule) and ``same_output`` (files the build wrote and links);
- ``folders``: the one atomic writer (``replacing`` / ``write_replacing``: a new inode renamed
  into place, never in place) and the one folder sync (``sync_folder``: the names digest spares
  the walk when the same files are wanted);
- ``memos``: the one registry of module-global memos (collation keys, place-name lookups,
  localities, card keys), saved and restored by name;
- ``lasting``: memos of pure functions of content (QR paths, Markdown's HTML) kept across
  full builds, keyed by their code's source, libraries and Python, not the package;
- ``ledger``: the one ledger of what was written under which key (``Ledger``: per namespace,
  path -> (key, FileStamp); ``kept`` / ``wrote``; and the names digest its folder was last
  synced to hold, ``listed`` / ``synced``), one per owning process, one file each;
- ``lock``: one build at a time per project (``build_lock``, flock);
- ``buildcache``: the state, the content digests (``FileDigests``), and the one
  special mechanism, ``Listings`` + ``sitesync``, which assembles site/ from hard links by
  directory stamps (tamper detection: ``Listings.check``), after an edit visiting only the
  folders the engine, the open data and the search index wrote into, as they say
  (``sync_changed``: ``BuildState.source_changes``);
- ``pagecache``: the pages, open-data parts and search records of the last build, by key,
  and the two ledgers the build and its open-data child keep (``DOCS``, ``FILES``).

Versions: ``buildcache.FORMAT`` covers every file of ``.vinhdanh-cache/build`` (bumped: all of
them are ignored, and ``buildcache.OBSOLETE_FILES`` removed, by the next build); Listings has
its own ``_LISTINGS_FORMAT``; a saved ``Ledger`` ``ledger.LEDGER_FORMAT``; the search shards
``search.index.FORMAT``; the image cache
``images.encoding.PHOTO_PIPELINE_VERSION`` and ``images.cards.CARD_PIPELINE_VERSION``.
Every key also holds the package digest. Every ``C/*.marshal`` written by
``BuildCache.save_marshal`` ends with the CRC-32 of its bytes, checked before they are read (a
byte changed inside a text still reads as marshal data, and was published): test_cache_crc.

The records kept between builds, one paragraph each: the file (``C`` is
``.vinhdanh-cache/build``), its format; who writes it; what makes it trusted; the tests (in
``tests/``) that guard it.

``.vinhdanh-cache/build.lock``, text (the holder's pid): ``lock.build_lock``; never read
    as state (flock is the lock). test_concurrent_builds.
``C/state.pickle``, pickle ``(FORMAT, BuildState)``: ``BuildCache.save``, last of a successful
    build; FORMAT equal, its classes importable and complete; removed (``forget``) before a
    build writes anything; a no-change build needs the ``inputs`` digest equal and
    ``Listings.check(site/)``. test_incremental: no_change_rebuild_does_nothing...,
    a_failed_build_leaves_no_trusted_state, a_cache_of_an_older_layout...,
    a_cache_of_an_older_format_is_discarded_cleanly. Its ``source_changes`` (the paths of
    build/site, build/files and build/search the engine, the open data and the search index
    wrote or removed) are trusted only while every build since the recycled site was
    assembled succeeded and every writer said what it wrote (else None: every folder
    compared). test_listings: an_edit_assembles_site_from_the_folders_it_changed,
    an_assembly_from_changes_looks_only_at_the_changed_folders.
``BuildState.digests`` (in it), stamp and blake2b by path: ``FileDigests.digest``; ``stamps.same``
    at ``recorded_ns`` (racy rule). test_incremental_layer: a_source_stamp...
``C/listings.marshal``, marshal with ``_LISTINGS_FORMAT``: ``Listings.save``; a directory's
    stamp equal and not racy (one the assembly recorded a clock tick before the swap is
    settled, never racy; the racy ones named by the save). The generation before the last
    build's is marshal bytes of their own, read only by ``Listings.load``: a no-change build's
    check of site/ reads the last build's (``load_seen``). test_listings:
    folders_the_assembly_changed_are_not_read_again_when_recycled,
    the_check_of_site_reads_only_what_the_build_that_made_it_saw.
``C/pages.pickle``, pickle ``PageCache``: ``reuse.save_caches`` (a child when pages were reused);
    ``context`` equal, per page its key and its build/docs file as the build's ``Ledger``
    (namespace ``docs``) wrote it (``doc_intact``: ``Ledger.kept``; a page of one entry whose
    digest is the last build's takes its row's key, ``last_row``); the listings of build/docs
    and build/files (``Ledger.listed``), trusted only when the state is of a successful
    build (else ``forget_listings``). test_incremental:
    incremental_builds_equal_clean_builds, a_damaged_build_folder_is_rendered_again,
    caches_of_the_format_before_the_ledger_are_discarded_cleanly,
    pages_of_a_failed_build_never_reach_a_later_site; test_page_keys_kept.
``C/records.marshal``, marshal ``{format, rows}``: rows, marshal slug -> (key, URL, digest,
    sort keys, facets; no record text, ~320 bytes: ``search.recordcache``):
    ``rendering._index_records`` (child), or on a full build ``Reuse.save_records`` once the
    pages are rendered; the file's CRC-32 and ``recordcache.RECORDS_FORMAT`` (else every row is
    ignored), then the entry key (no rank in name order: a kept row takes this build's), a row
    of another shape made again; an edit's child makes again from the model only the records
    its shards index again (``recordcache.KeptRecord``, checked against the row's digest),
    and the search page of an edit takes kept records' facets from their rows.
    test_incremental: incremental_builds_equal_clean_builds,
    a_rename_or_an_added_profile_makes_only_its_search_record_here; test_search_index:
    an_edit_makes_again_only_the_records_its_shard_indexes,
    a_move_in_name_order_makes_again_only_the_changed_record,
    rows_of_another_format_are_not_kept, a_damaged_record_in_the_cache_is_made_again.
``C/documents.marshal`` and ``C/documents-since.marshal``, parsed sources as indexed files
    (``incremental.indexedfiles``: an index of per file its digest, body line, look-alikes and
    personal-data findings, with its CRC-32, then each parse's data as marshal bytes,
    positions and body, each part with a CRC-32 of its own, read from the file kept open when
    first asked for: ``sourcefiles.load_parses``, ``save_parses``): all of them as last
    written whole, and those parsed since (``DocumentCache.saved``: the first written again
    when the second and the files gone from it reach an eighth of it, kept parts copied
    unread); ``reuse.save_caches`` (a child when pages were reused), on a full build
    ``Reuse.save_documents`` (whole) when the check ends; the content digest
    (``FileDigests``), the second's parse first; a part found damaged when read: the file
    parsed again (and saved apart). test_incremental: incremental_builds_equal_clean_builds;
    test_build_memory; test_check_cache:
    parses_are_written_whole_again_once_an_eighth_is_apart_or_gone,
    parses_kept_in_their_file_are_written_whole_again_unread; test_parent_costs:
    an_edit_reads_the_parse_of_no_unchanged_profile; test_cache_crc:
    a_parse_damaged_inside_a_text_is_never_published.
``C/checks.marshal``, marshal relpath -> (key, photo files, their state, problems):
    ``model.checkcache.CheckCache``, saved by ``reuse.save_caches``; the key (source digest,
    package digest, root, unit table's digest, the whole configuration, the campaigns' slugs)
    equal, each named photo's file types and header findings as recorded, and what the check
    resolved kept in the profiles' pickle under the same context. test_check_cache.
``C/profiles.marshal`` and ``C/profiles-since.marshal``, indexed files
    (``incremental.indexedfiles``; ``checkcache.save_profiles``/``load_profiles``: the index
    holds ``package``, ``rows`` and ``counts``, each block is a part read when asked, so an
    edit reads none of 123 MB at 30,000): the validated profiles as pickles of relpath ->
    (source digest, Profile, what its check resolved with the context digest, or None) (each
    model as its class, fields and fields set; units, awards and grounds by their key in their
    table: ``model.profilepickle``), one a block of ~64 of a folder by a hash of the relpath
    (``counts``: each folder's profiles when the blocks were cut, so a relpath stays in its
    block), each unpickled when one of its entries is first read; and those validated or
    checked since it was written, in as many blocks (a block of the same profiles all taken
    back from it written again as its bytes)
    (``CheckCache.saved_profiles``, by ``reuse.save_caches``; the first written again when the
    second reaches an eighth of the roll or a block of it does not unpickle); the index's
    and each block's CRC-32 and the package digest equal before a block is unpickled (the
    classes are pickled by name; a damaged text would unpickle), then per profile the source
    digest; a key this build's tables lack and no check of its block is taken back. A
    damaged block's profiles are made again from their files (read again, at the digest the
    build took, if their parses were let go: in a child process), and the finding is noted
    in ``C/profiles.marshal.damaged`` so that the next build that checks writes the pickle
    whole again. test_check_cache, test_damaged_profiles_kept.
``C/photo-headers.marshal``, marshal: ``reuse.save_caches``; photo digest and limits equal.
    test_check: photo_headers_are_remembered_while_the_photo_is_the_same.
``C/memos.marshal``, marshal ``{package, memos: {name: data}}``: ``reuse.save_caches`` from
    ``memos``; package digest equal. test_incremental: memos_of_other_code_are_not_used;
    test_incremental_layer: the_stage_memos_are_registered...
``C/open-data.marshal``, marshal ``{ledger, parts}``: the open-data child's ``Ledger``
    (namespace ``files``, at build/files) and the parts of files kept by key (the roll
    workbooks' manifest and each feed's entries by the listings' key, each listed
    profile's Atom entry by its entry key: ``Ledger.entry_part``; the manifests of the CSVs,
    of the API index's pages and of the roll's workbook, which say where each profile's
    lines and each segment of rows lie in the file, under the key of the file they describe:
    ``opendata.linesplice``, ``opendata.profileindex``, ``opendata.workbooksplice``, taken
    only while
    ``PageCache.file_kept`` holds for that key and the file is as long as they say; a
    workbook's manifest also names the zlib-ng version and each segment's CRC-32, checked
    when a segment is inflated; the counts of awards.json and localities.json with what
    each entry gave them, under the listings' key they were counted from: ``opendata.rowcounts``;
    a table's manifest or the counts are taken only if made from the listings of the last
    build whose caches were saved (``PageCache.listings``, the build ``steady`` is of: a build
    that failed after the child saved them is not; a profile index page's, keyed by its own
    entries, while its file has the stamp of its key: the parts of a failed build's child are
    all let go by ``PageCache.load_files``), an edit's counts the
    kept ones less and plus its changed entries'):
    ``rendering._make_open_data`` (``PageCache.saved_files``);
    ``Ledger.kept`` (key equal, the file ``same_output``), a part's key equal.
    test_incremental: fields_of_a_profiles_own_page_change_no_listing; test_opendata_reuse;
    test_line_splice; test_opendata_child; test_xlsx_segments; test_row_counts.
``C/open-data-lines.<nn>.marshal``, 64 shards (``shardedparts.ShardedParts``, by the slug
    that ends a part's cache path; each read when one of its parts is first asked, written
    only when one of its parts changed), each a marshal ``(FORMAT, the roll pages'
    workbooks' rows and the models' lines by cache path (key,
    bytes))``, then the CRC-32 of those bytes: ``pagecache.KeptParts``, read and written by
    the open-data child only when it makes such a file (``publish.kept_line``; a profile's
    rows as XML with their numbers left open, ``xlsxout.Sheet``); the CRC-32 and FORMAT
    (else none is used), then a line's entry key (with the sheet's styles, ``Sheet.form``).
    test_opendata_reuse; test_cache_crc: kept_parts_of_an_older_format_are_not_read;
    test_xlsx_kept: an_award_edit_makes_the_rows_of_its_profile_only; test_sharded_parts.
``C/statistics.marshal``, marshal ``(FORMAT, {"statistics": (context, head)})``, then the
    CRC-32 of those bytes: ``pagecache.KeptParts``; head is a marshal of ``statcounts.HEAD``,
    the context, the statistics' counts, the labels of their keys and per slug the entry key
    counted (``model.statcounts``); ``C/statistics-facts.<nn>.marshal``, 64 shards
    (``keptcounts.KeptCounts``, ``shardedparts.ShardedParts`` by slug), each a marshal
    ``(FORMAT, {slug: (entry key, facts)})`` then its CRC-32. Read by a build that counts the
    statistics (``PageRenderer.stats``: the head whole, the shards of the entries that changed
    or left), written with the caches (``reuse.save_caches``: the shards changed, then the
    head); the CRC-32s, FORMAT, HEAD and the context equal (else counted whole), then an
    entry's facts while their entry key is the head's (else counted whole).
    test_statistics_counts: an_edit_reads_the_facts_of_its_own_profiles,
    kept_counts_are_the_counts_made_whole, a_facts_missing_for_the_roll_order_is_counted_whole;
    test_sharded_parts: parts_gone_are_dropped_from_their_shards_alone.
``C/search-shards/<key>/``: shard.marshal, fragments.marshal: ``search.index._store_shard``
    (a staged folder renamed into place); the key (Pagefind identity and records) names it,
    ``search.index.FORMAT``, shard.marshal's CRC-32 (a word's runs are decoded only when
    looked up: ``search.shards.PackedWords``). test_search_index: an_edit_reindexes_one_shard,
    a_damaged_shard_cache_heals, a_byte_changed_in_a_shards_words_is_not_published.
``C/search-shards/common/``, Pagefind's files: ``search.index._store_common``; its
    ``identity`` file equal. test_search_index: merged_shards_are_one_pagefind_run.
``C/search-shards/compressed.marshal``: ``write_sharded``; names only (a miss recompresses).
    test_search_index.
``C/search-shards/spliced.marshal``, marshal ``shards.SpliceMemo`` (the last merge's word
    entries, its shards' keys, page offsets and meta fields), then the CRC-32 of those bytes:
    ``write_sharded``; the CRC-32, the shard ``FORMAT``, offsets and meta fields equal, then a
    word keeps its entry unless a shard whose key changed holds other runs of it.
    test_search_index: an_edit_reindexes_one_shard,
    a_splice_memo_of_another_format_or_damaged_is_ignored.
``C/search-shards/sorts.marshal``, marshal (digest of the shard ``FORMAT`` and the records'
    sort keys in page order, their sort orders), then the CRC-32 of those bytes:
    ``index._kept_sort_orders``; the CRC-32, then the digest equal. test_search_index:
    sort_orders_are_kept_while_the_sort_keys_are_the_same,
    sort_orders_kept_by_another_format_are_made_again.
``C/search-shards/output.marshal``, marshal (the search child's ``Ledger``, namespace
    ``search``, ``LEDGER_FORMAT``; ``bundle_stamps`` of the bundle folder and the folders
    its files are in, a clock tick after the sync's last write), then the CRC-32 of those
    bytes: ``search.bundlefolder.sync_output``; the CRC-32, then while the folders' stamps
    are those the rows' content ids alone (no file added, removed or replaced since; one
    written in place is not seen, as for ``BuildState.search_tree``), else ``Ledger.kept``
    (content id equal and ``same_output``). test_search_index: an_edit_reindexes_one_shard,
    an_edit_reads_no_bundle_file_stamp_while_the_folders_are_as_left,
    an_edit_reads_no_bundle_folder; test_incremental:
    caches_of_the_format_before_the_ledger_are_discarded_cleanly.
``C/search-shards/plan.marshal``, marshal ``search.plan.SearchPlan`` (the last bundle's
    records' digest and sum, context, entries' digests, thumbnails, published slugs in name
    order, other records' digests and sort keys, shards in page order with their keys and
    URLs, the sort keys' digest) with ``PLAN_FORMAT``, then the CRC-32 of those bytes: the
    search child and the index thread (``rendering``); the CRC-32, the format, the records'
    digest equal to build/search's, the context and the name order equal, each changed
    profile still in its shard, else every record is made (and a new plan saved).
    test_search_plan: an_edit_digests_and_indexes_only_its_shards_records,
    a_damaged_plan_or_one_of_another_format_is_none.
``C/changed-docs/``, hard links to build/docs: ``sitengine._stage_changed``; never trusted
    (made again by every dirty MkDocs build). test_incremental: pages_are_byte_identical...
``C/templates/pages/``, ``C/templates/mkdocs/``, Jinja bytecode: ``compiled_templates``,
    ``OutputPlugin.on_env``; Jinja's own check of the source. test_golden.
``C/spare/``, the site before last: ``swap_into_place(keep=)``; never blindly, read through
    ``Listings.walk`` (a folder changed since it was assembled is compared whole).
    test_listings: changes_deep_in_a_tree_reach_a_recycled_target,
    an_assembly_from_changes_still_notices_a_changed_target.
``.vinhdanh-cache/trash/``, trees no build needs (a stale spare, leftovers, the cache
    ``--clean`` drops): ``commands.trash.move_to_trash``; never read, only removed (by the
    deleter process, holding ``trash/.lock``; a cut-short removal finished by the next build's).
    test_trash.
``.<name>.<pid>.new`` anywhere, a file being written: ``folders.replacing``; never (renamed
    over <name> or removed). test_incremental_layer: folders.
``.vinhdanh-cache/images/digests.json``, JSON ``{format, recorded_ns, files: path -> stamp
    and sha256}``: ``images.cache.PhotoDigests`` (``folders.write_replacing``);
    ``DIGESTS_FORMAT`` equal, then per photo ``stamps.same`` at ``recorded_ns`` (racy rule).
    An older format is ignored: every photo hashed once, none encoded again (the entries
    are keyed by SHA-256); the older ``card-keys.marshal`` is removed (``OBSOLETE_FILES``).
    test_images: no_change_rebuild_reads_no_photo, a_photo_modified_within_the_racy_window...,
    digests_of_an_older_format_are_discarded_cleanly.
``.vinhdanh-cache/lasting/<name>.marshal``, marshal ``(identity, {key: bytes})`` then its
    CRC-32: ``lasting.save_lasting`` (the build, after the render; a build that made every
    page keeps only the values it used, others add theirs); the CRC-32, then the identity
    equal (the source digest of the code that makes the values, its libraries' versions, the
    Python version and ``unicodedata.unidata_version``: ``lasting.runtime``; never the
    package digest: kept by full builds and --clean, as the image cache), a value
    that does not decode made again. ``qr-paths.marshal``: URL -> modules a side and the SVG path
    (``pages.share``); ``markdown-html.marshal``: python-markdown's HTML by the text's digest, nh3
    run on it every time (``templating.sanitise``); ``xlsx-skeletons.marshal``: openpyxl's parts
    of a workbook by a digest of its columns, day and creator (``opendata.xlsxout``, made in the
    open data's child, which hands them to the build: ``lasting.hand_over``);
    ``former-units.marshal``: a province roll's former units of each of its communes, by the
    province's and the commune's codes (``model.rolls.FORMER_UNITS``). test_lasting;
    test_xlsx_kept; test_roll_passes.
Card keys by their texts: a memo of ``memos`` (``images.cards.remembered_card_key``), saved
    with its drawing digest and used only under that drawing. test_images:
    card_keys_remembered_are_the_keys_made.
``.vinhdanh-cache/images/photos/<xx>/<key>/`` (images and meta.json) and
    ``cards/<drawing>/<xx>/<key>.png`` or ``.jpg``: ``images.cache._store_entry`` (a folder
    renamed into place) and ``folders.write_replacing``; the key in the name,
    ``PHOTO_PIPELINE_VERSION`` in the key, ``CARD_PIPELINE_VERSION`` in the drawing.
    test_images: damaged_cache_entry_is_rebuilt; test_build_images:
    the_card_cache_keeps_only_the_cards_the_site_shows.
``build/docs/``, Markdown and linked photos: ``write_tree`` (``sync_folder``); per page
    the ``Ledger`` (``docs``), the folder its listing there (``sync_folder`` walks it
    otherwise). test_build: second_build_writes_nothing; test_incremental:
    pages_of_a_failed_build_never_reach_a_later_site.
``build/overrides/``, ``build/mkdocs.yml``: ``write_build_folder``; bytes compared before
    writing. test_build: second_build_writes_nothing.
``build/site/``, MkDocs' output: MkDocs (dirty mode); ``mkdocs_env`` digest equal.
    test_incremental: pages_are_byte_identical_to_plain_mkdocs.
``build/files/``, open data and post-build pages: ``rendering._make_open_data`` and the build's
    write_files phase (``sync_folder``); the open-data ``Ledger``, the folder its listing in
    the build's (namespace ``files``). test_incremental: incremental_builds_equal_clean_builds,
    pages_of_a_failed_build_never_reach_a_later_site.
``build/search/``, the Pagefind bundle: ``search.bundlefolder.sync_output``; ``search_tree``
    (``tree_stamps``) equal. test_search_index.
``site/``, hard links to the three above: ``swap_into_place``; ``state.site_top`` and
    ``Listings.check``. test_incremental: no_change_rebuild_does_nothing...
``.vinhdanh-cache/slices/<province>/search-shards/`` and ``.vinhdanh-cache/merge/search-shards/``,
    the shards of a partitioned build's slice and of its merge (the slices' copied in), as
    ``C/search-shards/``: ``search.index.index_shards`` / ``write_sharded`` and
    ``merge._seed_shard`` (a staged folder renamed into place); the key names each.
    ``…/build/`` and ``.vinhdanh-cache/merge/search/``: a part's work folders, made afresh
    (the bundle: ``sync_output``'s ledger). Never read by ``vinhdanh build`` itself, and a
    part reads nothing of ``C``. test_partition.

Rules that hold it together: the state is removed before a build writes anything and saved
only after site/ was swapped; nothing writes a file in place (``folders.replacing``; MkDocs'
outputs are unlinked first), so a file of site/ changed since has a later change time; the
build waits one clock tick before the swap for the same reason; a template that starts
reading something else must add it to its key (``pagecache.PageCache``, ``model.keys``).
"""
