"""campmeeting: run a team's weekly camp meeting live in the terminal."""

__version__ = "0.1.0"
