"""Every key binding of the app by id: for `campmeeting config` and to check the user's
[keymap] (an unknown id or theme is one line naming it, never a silent no-op)."""

from __future__ import annotations

from textual.binding import Binding
from textual.theme import BUILTIN_THEMES

from campmeeting.config import Config, ConfigError


def _classes() -> list[type]:
    from campmeeting.tui.app import CampApp
    from campmeeting.tui.dialogs.attendance import AttendanceScreen
    from campmeeting.tui.dialogs.choice import ChoiceScreen
    from campmeeting.tui.dialogs.confirm import ConfirmScreen
    from campmeeting.tui.dialogs.prompt import PromptScreen
    from campmeeting.tui.dialogs.team_form import TeamFormScreen
    from campmeeting.tui.screens.ended import EndedScreen
    from campmeeting.tui.screens.follow import FollowScreen
    from campmeeting.tui.screens.help import HelpScreen
    from campmeeting.tui.screens.home import HomeScreen
    from campmeeting.tui.screens.insights import InsightsScreen
    from campmeeting.tui.screens.item_history import ItemHistoryScreen
    from campmeeting.tui.screens.measurable_history import MeasurableHistoryScreen
    from campmeeting.tui.screens.meeting import MeetingScreen
    from campmeeting.tui.screens.minutes_view import MinutesScreen
    from campmeeting.tui.screens.person import PersonScreen
    from campmeeting.tui.screens.review import ReviewScreen
    from campmeeting.tui.screens.search import SearchScreen
    from campmeeting.tui.widgets.attendance_list import AttendanceList
    from campmeeting.tui.widgets.item_list import ItemList
    from campmeeting.tui.widgets.item_refs import ItemRefList
    from campmeeting.tui.widgets.scorecard_table import ScorecardTable

    return [
        CampApp,
        HomeScreen,
        MeetingScreen,
        EndedScreen,
        FollowScreen,
        ReviewScreen,
        InsightsScreen,
        MinutesScreen,
        SearchScreen,
        PersonScreen,
        ItemHistoryScreen,
        MeasurableHistoryScreen,
        HelpScreen,
        ChoiceScreen,
        ConfirmScreen,
        PromptScreen,
        TeamFormScreen,
        AttendanceScreen,
        ItemList,
        ItemRefList,
        AttendanceList,
        ScorecardTable,
    ]


def binding_table() -> list[tuple[str, str, str]]:
    """(id, keys, description) of every binding, in screen order."""
    rows = []
    for cls in _classes():
        for binding in getattr(cls, "BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                what = binding.tooltip or binding.description or binding.action
                rows.append((binding.id, binding.key, what))
    return rows


def check_keymap(config: Config) -> None:
    """Refuse a keymap id no binding has, or a theme Textual does not know."""
    known = {binding_id for binding_id, _keys, _what in binding_table()}
    for binding_id in config.keymap:
        if binding_id not in known:
            raise ConfigError(
                f"{config.path}: keymap.{binding_id}: no key binding has this id "
                "(`campmeeting config` lists them)"
            )
    if config.theme is not None and config.theme not in BUILTIN_THEMES:
        raise ConfigError(
            f"{config.path}: theme: {config.theme!r} is not a theme; "
            f"one of {', '.join(sorted(BUILTIN_THEMES))}"
        )
