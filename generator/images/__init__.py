"""Images stage: safe, stripped, responsive photos and social cards, cached and in parallel.

Photos come from editors' cameras and phones, so every file is treated as untrusted: only
JPEG, PNG and WebP are opened, recognised by their content; a size cap in bytes and in pixels
stops decompression bombs before any pixel is decoded (that header check is the load stage's
`read_photo_header`, which `vinhdanh check` runs too); truncated or damaged files become
`path:line:col: field: message` problems, never tracebacks. What is published is re-encoded
from pixels alone (upright per EXIF, converted to sRGB), so no EXIF, GPS position, XMP, ICC
profile, comment or camera data ever reaches the site.

Each photo yields a few widths (never upscaled) in WebP with a JPEG fallback, and each
profile, each campaign and the site itself a 1200×630 social card drawn with the bundled Noto
Sans. Work is cached by the digest of its inputs and only the settings it reads (Nikola's
`config_changed(kw)`), so a rebuild re-encodes only what changed; output names carry that
digest, so a changed photo gets a new URL and no browser or CDN serves a stale one.

The build runs this stage after the model is checked and before pages are rendered
(`process_site_images`): pages need the files' URLs and sizes.

Modules: ``jobs`` (settings, jobs and results), ``encoding`` (Pillow: checking, decoding and
re-encoding a photo, its key), ``cards`` (the social cards' layout, template and drawing, their
key), ``cache`` (entries, cards per drawing and the memos under ``CACHE_DIR``), ``tasks`` (a
photo or a card made in a worker process), ``stage`` (plan, run, publish; the jobs of a Site),
``picture`` (the ``<picture>`` HTML and the initials placeholder).
"""
