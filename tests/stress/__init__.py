"""`make stress`: the promises of issue 15 kept proved against the real program.

    kills.py      kill -9 of the real TUI, in a pty, at random moments of a scripted
                  meeting: every item shown is in the database, and the restart resumes
                  the database's section showing them
    writers.py    a live meeting (the real TUI) with concurrent `campmeeting add` writers
                  and readers: no lock error, no lost write
    hostile.py    hostile strings through the capture box (pasted into the real TUI),
                  `campmeeting add` and every export format: stored exactly, no control
                  sequence reaches the terminal
    terminal.py   the real app in a pseudo-terminal (ptyprocess), read through a
                  terminal emulator (pyte): what a person would see
    __main__.py   `python -m tests.stress`: runs all three, prints one summary line

`make test` runs a small version of each (tests/test_stress_small.py). Everything is
bounded: each wait has a limit, each run a budget; nothing here needs tmux or apt.
"""


class StressFailure(AssertionError):
    """A promise broken (or the program stuck): the message says which and where."""
