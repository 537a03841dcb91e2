"""Templates call plain functions and macros without Jinja's look for a `pass_context` mark
(templating.environment._Context): every kind of callable gives what Jinja's own context
gives, marked ones with their context, in loops and blocks too."""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from generator.templating import environment
from generator.templating.environment import make_environment
from generator.templating.i18n import translations


@jinja2.pass_context
def where(context: jinja2.runtime.Context, suffix: str = "") -> str:
    """A function Jinja hands the context: the loop's variable seen from inside a loop."""
    return f"{context.get('item', '-')}{suffix}"


class Counter:
    """A callable object, not a function."""

    def __call__(self, value: int) -> int:
        return value + 1


class Marked:
    """A callable object whose __call__ is marked: Jinja passes the environment."""

    @jinja2.pass_environment
    def __call__(self, env: jinja2.Environment, value: str) -> str:
        return f"{value}:{env.globals['language']}"


def stops() -> None:
    """A function that raises StopIteration: Jinja makes it an undefined value."""
    raise StopIteration


TEMPLATE = """\
{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}
{{ len([1, 2]) }} {{ upper("a") }} {{ counter(1) }} {{ marked("v") }} {{ twice("m") }}
{{ where() }}{% for item in ["x", "y"] %} {{ where("!") }} {{ twice(item) }}{% endfor %}
{% set item = "z" %}{{ where() }} {{ _("Trang chủ") }} {{ stops() is undefined }}
"""


def render(context_class: type[jinja2.runtime.Context]) -> str:
    env = make_environment(language="en")
    env.context_class = context_class
    env.undefined = jinja2.Undefined  # StopIteration's undefined, tested as such
    values: dict[str, Any] = {
        "len": len,
        "upper": str.upper,
        "counter": Counter(),
        "marked": Marked(),
        "where": where,
        "stops": stops,
    }
    return env.from_string(TEMPLATE).render(**values)


def test_calls_give_what_jinjas_own_context_gives() -> None:
    assert make_environment().context_class is environment._Context
    fast, plain = render(environment._Context), render(jinja2.runtime.Context)
    assert fast == plain
    assert fast == "2 A 2 v:en mm\n- -! xx -! yyz Home True\n"


@pytest.mark.parametrize("name", ["_loop_vars", "_block_vars"])
def test_jinjas_own_keywords_never_reach_a_plain_function(name: str) -> None:
    context = make_environment().from_string("").new_context({})
    assert context.call(lambda **kw: sorted(kw), **{name: {"a": 1}, "b": 2}) == ["b"]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_underscore_is_the_extensions_newstyle_gettext(language: str, autoescape: bool) -> None:
    source = (
        '{{ _("Trang chủ") }}|{{ _("50%%") }}|{{ _("%(num)s hồ sơ", num="<b>") }}'
        '|{{ _("Đường dẫn") ~ "<i>" }}|{% trans %}Trang chủ{% endtrans %}'
    )
    ours = make_environment(autoescape=autoescape, language=language)
    assert not hasattr(ours.globals["_"], "jinja_pass_arg")  # a plain function, not the alias
    jinjas = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    jinjas.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    expected = jinjas.from_string(source).render()
    assert ours.from_string(source).render() == expected
    assert ("&lt;b&gt;" in expected) is autoescape
