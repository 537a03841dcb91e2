"""The Jinja environment every output renders with: packaged templates, autoescape, globals."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import yaml

from generator.model.clusterfigures import CLUSTERS_PATH, cluster_path
from generator.model.entries import DECISION_KIND_WORDS, KIND_NAMES
from generator.model.labels import (
    CAMPAIGN_LEVEL,
    CAMPAIGN_STATUS,
    MILESTONE_NAMES,
    NOT_DECIDED,
    PROPOSAL_NOTICE,
    measure,
    model_recognised,
    quantity,
)
from generator.model.urls import (
    absolute_url,
    campaign_path,
    decision_path,
    has_press_kit,
    press_kit_path,
    profile_api_path,
    profile_path,
    proposal_path,
    safe_http_url,
)
from generator.source.documents import CLUSTER_KINDS, SECTORS, TARGET_GROUPS
from generator.templating.charts import TEMPLATE_GLOBALS as CHART_GLOBALS
from generator.templating.edition import Edition
from generator.templating.i18n import install as install_translations
from generator.templating.sanitise import clean_text, escape_text, heading_id, one_line
from generator.vntext import vi_date

_EMAIL = re.compile(r"^[^@\s<>\"']+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def window_state(start: dt.date, end: dt.date, today: dt.date) -> str:
    """A comment window on `today`: "upcoming", "open" or "closed"."""
    return "upcoming" if today < start else "closed" if today > end else "open"


WINDOW_LABELS = {
    "upcoming": "Sắp lấy ý kiến nhân dân",
    "open": "Đang lấy ý kiến nhân dân",
    "closed": "Đã hết thời gian lấy ý kiến nhân dân",
}


def window_left(start: dt.date, end: dt.date, today: dt.date) -> str:
    """How far `today` is from a comment window: "còn 5 ngày, đến hết ngày 30/11/2026"."""
    state = window_state(start, end, today)
    if state == "upcoming":
        return f"bắt đầu từ ngày {vi_date(start)}, còn {(start - today).days} ngày nữa"
    if state == "closed":
        return f"đã kết thúc ngày {vi_date(end)}"
    left = (end - today).days + 1  # today counts: comments sent today are in time
    if left == 1:
        return f"hôm nay, {vi_date(end)}, là ngày cuối"
    return f"còn {left} ngày, đến hết ngày {vi_date(end)}"


def proposals_text(windows: Iterable[tuple[dt.date, dt.date]], today: dt.date) -> str:
    """The home page's line about proposals on `today` ("" when none is open or to open)."""
    states = [window_state(start, end, today) for start, end in windows]
    if "open" in states:
        return f"{states.count('open')} đề nghị khen thưởng đang lấy ý kiến nhân dân"
    if "upcoming" in states:
        return f"{states.count('upcoming')} đề nghị khen thưởng sắp lấy ý kiến nhân dân"
    return ""


def campaign_stage(start: dt.date, end: dt.date | None, today: dt.date) -> str:
    """Where a campaign's period stands on `today`: "đang diễn ra, còn 40 ngày"."""
    if today < start:
        return f"chưa bắt đầu (bắt đầu từ ngày {vi_date(start)})"
    if end is not None and today > end:
        return f"đã hết thời gian phong trào (kết thúc ngày {vi_date(end)})"
    if end is None:
        return "đang diễn ra"
    return f"đang diễn ra, còn {(end - today).days + 1} ngày (đến hết ngày {vi_date(end)})"


def email_in(text: str | None) -> str | None:
    """The first e-mail address in a free text ("…, Hà Nội; gopy@example.vn"), if any."""
    for word in re.split(r"[\s,;:()]+", text or ""):
        word = word.strip(".")
        if _EMAIL.match(word):
            return word
    return None


def mailto(address: str, subject: str) -> str:
    """A mailto: link with a prefilled subject, every part percent-encoded."""
    return f"mailto:{quote(address, safe='@')}?subject={quote(subject, safe='')}"


def tel(phone: str) -> str | None:
    """A tel: link of a phone number as written ("024 0000 0000 (…)"), None if none."""
    digits = re.sub(r"[^\d+]", "", phone.split("(")[0])
    return f"tel:{digits}" if len(digits.lstrip("+")) >= 6 else None


# Where compiled templates are kept between builds (`compiled_templates`), if anywhere.
_compiled: list[Path] = []


@contextlib.contextmanager
def compiled_templates(folder: Path) -> Iterator[None]:
    """Environments made meanwhile keep their compiled templates in `folder` (0.2 s a build)."""
    folder.mkdir(parents=True, exist_ok=True)
    _compiled.append(folder)
    try:
        yield
    finally:
        _compiled.remove(folder)


_PLAIN_CALLABLES = frozenset(
    {types.FunctionType, types.BuiltinFunctionType, types.MethodType, jinja2.runtime.Macro}
)


class _Context(jinja2.runtime.Context):
    """Jinja's context, calling a plain function or a macro without Jinja's look for a
    `pass_context` mark on it and on its `__call__` (2 µs of every call in a template: ~270
    calls a page, issue #21); a marked one, or any other callable, as Jinja calls it."""

    def call(
        __self,  # Jinja's own names: a template may pass a keyword argument named `self`
        __obj: Callable[..., Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        """`__obj(*args, **kwargs)`, as `jinja2.runtime.Context.call` makes it."""
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:  # what Jinja adds for a context function, dropped for any other
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


def make_environment(
    autoescape: bool = True,
    finalize: Callable[[Any], Any] = clean_text,
    language: str = "vi",
) -> jinja2.Environment:
    """The Jinja environment: packaged templates, autoescape everywhere (unless told: plain
    text out), strict undefined; `language` is the edition the pages are written for."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=autoescape,  # the .md templates hold HTML blocks: escape there too
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    env.context_class = _Context
    if _compiled:
        # Jinja keys compiled code by template and source only, not by these settings: one
        # folder per kind of environment.
        kind = f"{'html' if autoescape else 'text'}-{finalize.__name__}"
        if language != "vi":
            kind += f"-{language}"  # the English edition's templates may compile otherwise
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(_compiled[-1] / kind))
        (_compiled[-1] / kind).mkdir(exist_ok=True)
    env.globals["language"] = language  # the page's edition: "vi", or "en" under /en/
    env.filters["vi_date"] = vi_date
    env.filters["http_url"] = safe_http_url
    env.filters["heading_id"] = heading_id
    env.globals.update(
        profile_path=profile_path,
        campaign_path=campaign_path,
        decision_path=decision_path,
        cluster_path=cluster_path,
        clusters_path=CLUSTERS_PATH,
        cluster_kinds=CLUSTER_KINDS,
        kind_names=KIND_NAMES,
        kind_words=DECISION_KIND_WORDS,
        campaign_status=CAMPAIGN_STATUS,
        campaign_level=CAMPAIGN_LEVEL,
        milestone_names=MILESTONE_NAMES,
        sectors=SECTORS,
        target_groups=TARGET_GROUPS,
        notice=PROPOSAL_NOTICE,
        not_decided=NOT_DECIDED,
        is_email=lambda text: bool(_EMAIL.match(text)),
        proposal_path=proposal_path,
        window_state=window_state,
        window_labels=WINDOW_LABELS,
        window_left=window_left,
        proposals_text=proposals_text,
        campaign_stage=campaign_stage,
        email_in=email_in,
        mailto=mailto,
        tel=tel,
        measure=measure,
        quantity=quantity,
        model_recognised=model_recognised,
    )
    env.globals.update(
        absolute_url=absolute_url,
        press_kit_path=press_kit_path,
        profile_api_path=profile_api_path,
        has_press_kit=has_press_kit,
    )
    env.globals.update(CHART_GLOBALS)  # statistics: charts and number formats
    # The edition's words: `{% trans %}`/`_()` from the catalogue, what is built from data
    # (dates, places, awards, window sentences) from generator.templating.edition.
    install_translations(env, language)
    edition = Edition(
        language, {f.__name__: f for f in (window_left, proposals_text, campaign_stage, quantity)}
    )
    env.globals.update(edition.globals())
    env.filters.update(edition.filters())
    return env


# libyaml's emitter writes the same text as PyYAML's five times faster, except Unicode line
# breaks and characters beyond the BMP (emoji), which it escapes (tests/test_incremental.py).
_FRONT_MATTER_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_EMITTERS_DIFFER = re.compile("[\x85\u2028\u2029\U00010000-\U0010ffff]")


def _emitters_differ(value: object) -> bool:
    """True if a text in `value` holds what the two emitters write differently."""
    if isinstance(value, str):
        return _EMITTERS_DIFFER.search(value) is not None
    if isinstance(value, dict):
        return any(_emitters_differ(k) or _emitters_differ(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_emitters_differ(v) for v in value)
    return False


def front_matter(title: str, description: str | None = None, **extra: object) -> str:
    """YAML front matter with the title (and description) HTML-escaped for Material."""
    data: dict[str, object] = {"title": escape_text(title)}
    if description:
        data["description"] = escape_text(one_line(description)[:300])
    data.update(extra)
    dumper = yaml.SafeDumper if _emitters_differ(data) else _FRONT_MATTER_DUMPER
    dumped = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=True, width=10_000)
    return f"---\n{dumped}---\n\n"
