"""benchmarks/sampled.py: py-spy's collapsed stacks read per process (issue #21).

py-spy names each process by its command line, which may hold the stacks' separator (`-c "a;
b"`): a frame cut there would charge the child's samples to the build's process.
"""

from __future__ import annotations

from benchmarks.sampled import _frames, summarise

PARENT = 'process 10:"python -c from generator.cli import main; main() build --root p"'
CHILD = 'process 11:"python -c import pickle, sys; data = sys.stdin.buffer.read()"'


def test_samples_are_charged_to_their_process_and_a_recursion_once() -> None:
    raw = "\n".join(
        [
            f"{PARENT};main (cli.py:3);render (render.py:9) 300",
            f"{PARENT};main (cli.py:3);walk (tree.py:4);walk (tree.py:5) 100",
            f"{PARENT};main (cli.py:3);fork (processes.py:7);{CHILD};publish (publish.py:2) 50",
            f"{PARENT};main (cli.py:3);fork (processes.py:7);{CHILD};write (folders.py:8) 50",
        ]
    )
    report = summarise(raw, rate=100, top=5)
    assert report[0] == "== build: 4.00 s sampled"
    child = report.index("== process 11: 1.00 s sampled")
    build = report[:child]
    assert "     3.00  render (render.py)" in build
    assert "     1.00  walk (tree.py)" in build  # one sample, counted once though nested twice
    assert "     0.50  publish (publish.py)" in report[child:]
    assert not any("publish" in line for line in build)
    assert "     1.00  walk (tree.py:5)" in build  # self: the innermost line


def test_a_process_frame_is_kept_whole_though_its_command_holds_the_separator() -> None:
    stack = f"{PARENT};main (cli.py:3);{CHILD};publish (publish.py:2)"
    assert _frames(stack) == [PARENT, "main (cli.py:3)", CHILD, "publish (publish.py:2)"]
