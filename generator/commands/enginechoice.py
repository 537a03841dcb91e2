"""Which site engine a build uses (VINHDANH_ENGINE: MkDocs or ProperDocs) and its version,
found without importing it (generator.commands.sitengine runs it).

Apart from the engine's own stage so that a build which finds nothing changed can name the
engine, part of its input digest, without importing what runs it.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Collection
from dataclasses import dataclass

from generator.errors import Problem, make_problem

ENGINE_VARIABLE = "VINHDANH_ENGINE"


@dataclass(frozen=True)
class Engine:
    """How to load one engine."""

    package: str  # import name, distribution name and root logger name
    error: str  # the base class of the exceptions it raises
    first: str | None = None  # a module to import before any other (see the module docstring)


ENGINES = {
    "mkdocs": Engine("mkdocs", "MkDocsException"),
    "properdocs": Engine("properdocs", "ProperDocsException", first="properdocs.replacement"),
}


class EngineError(Exception):
    """The engine could not be loaded or the build failed; `messages` say why."""

    def __init__(self, messages: list[str], problems: Collection[Problem] = ()) -> None:
        self.messages = messages
        self.problems = list(problems)
        super().__init__("\n".join(messages))

    def __reduce__(self) -> tuple[type[EngineError], tuple[list[str], list[Problem]]]:
        """Pickled whole: raised in the engine's own process, reported by the build's."""
        return EngineError, (self.messages, self.problems)


def engine_name() -> str:
    """The engine VINHDANH_ENGINE asks for (mkdocs unless set); EngineError if unknown."""
    name = os.environ.get(ENGINE_VARIABLE, "").strip().lower() or "mkdocs"
    if name not in ENGINES:
        known = ", ".join(ENGINES)
        problem = make_problem(
            ENGINE_VARIABLE, 1, 1, "", "build.unknown_engine", name=name, known=known
        )
        raise EngineError([], [problem])
    return name


def engine_id() -> str:
    """`name version` of the chosen engine, without loading it; EngineError if absent."""
    name = engine_name()
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        problem = make_problem(ENGINE_VARIABLE, 1, 1, "", "build.engine_missing", name=name)
        raise EngineError([], [problem]) from None
