"""A fixed history for the minutes tests, built with FakeTime and the meeting core.

Leadership meets on Tuesdays at 09:00 (Europe/Berlin). Its meeting of 2026-11-17 raises
priorities, blockers and commitments; Product cascades a message to it on 2026-11-19; a
blocker is added from the command line on 2026-11-23; the meeting of 2026-11-24 (the
fixed meeting, id 3) reviews, decides, resolves, hands off, commits, cascades and rates.
User text is hostile on purpose: markup, HTML, control characters, emoji.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime

from campmeeting.agenda import load_agenda, resolve_agenda
from campmeeting.clock import FakeTime
from campmeeting.meeting import LiveMeeting, add_between_meetings, add_member, create_team
from campmeeting.model import ItemKind
from campmeeting.records import Team
from campmeeting.store import Store

TUESDAY_9 = "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=0"

SCRIPT_BLOCKER = "<script>alert('x')</script> in the login page"
LINK_BLOCKER = "[link=http://a]click[/link] & <b>bold</b> &amp; `code`"
QUOTE_BLOCKER = "> not a quote"
HEADING_HEADLINE = "# Not a heading"
EMOJI_HEADLINE = "🚀 Beta signed with 3 pilots"
LIST_PRIORITY = "1. Not a list"
CI_COMMITMENT = "[bold]x[/] fix the CI"
CI_RESCOPED = "[bold]x[/] fix the CI, then the *flaky* tests"
CONTROL_NOTE = "line one\nline two\x07bell\ttab \x1b[31mred\x1b[0m"
PRODUCT_MESSAGE = "Beta slips a week <b>!</b> | see `notes` _now_"

# Strings every format must show literally.
HOSTILE = [
    SCRIPT_BLOCKER,
    LINK_BLOCKER,
    QUOTE_BLOCKER,
    HEADING_HEADLINE,
    LIST_PRIORITY,
    CI_COMMITMENT,
    PRODUCT_MESSAGE,
    "Ben *Star* Okafor",
    "Li <b>Wei</b>",
    "R&D [labs]",
]


def pin_berlin() -> None:
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()


@dataclass
class History:
    store: Store
    source: FakeTime
    leadership: Team
    product: Team
    rnd: Team
    first_id: int = 0
    fixed_id: int = 0
    ids: dict[str, int] = field(default_factory=dict)


def _at(source: FakeTime, *args: int) -> None:
    source.set(datetime(*args))


def build_history(store: Store) -> History:
    source = FakeTime(datetime(2026, 11, 10, 8, 0))
    agenda = load_agenda(resolve_agenda("camp"))
    leadership = create_team(store, source, "Leadership", cadence=TUESDAY_9)
    product = create_team(store, source, "Product", cadence=TUESDAY_9)
    rnd = create_team(store, source, "R&D [labs]")
    maria = add_member(store, source, leadership, "maria", "Maria Keller")
    ben = add_member(store, source, leadership, "ben", "Ben *Star* Okafor")
    li = add_member(store, source, leadership, "li", "Li <b>Wei</b>")
    add_member(store, source, product, "pat", "Pat Lee")
    history = History(store, source, leadership, product, rnd)
    ids = history.ids

    # ---- Leadership, Tuesday 2026-11-17
    _at(source, 2026, 11, 17, 9, 0)
    live = LiveMeeting.start(store, source, leadership, agenda, "camp", facilitator=maria)
    history.first_id = live.meeting_id
    source.advance(minutes=5)
    live.next_section()  # accountability
    source.advance(minutes=3)
    live.next_section()  # priorities
    ids["launch"] = live.capture("Launch v2 in EMEA @maria").item_ids[0]
    ids["hire"] = live.capture("Hire 2 engineers @ben").item_ids[0]
    source.advance(minutes=5)
    live.next_section()  # blockers
    ids["legal"] = live.capture("Legal review of the DPA is stuck @maria").item_ids[0]
    ids["script"] = live.add_item(ItemKind.BLOCKER, SCRIPT_BLOCKER)
    source.advance(minutes=5)
    live.next_section()  # act
    source.advance(minutes=20)
    live.next_section()  # commitments
    ids["pricing"] = live.capture("Draft the pricing page @ben due:2026-11-24").item_ids[0]
    ids["ci"] = live.capture(f"{CI_COMMITMENT} @li due:2026-11-23").item_ids[0]
    ids["bank"] = live.capture("Call the bank @maria due:2026-11-24").item_ids[0]
    ids["offsite"] = live.capture("Plan the offsite @maria due:2026-12-08").item_ids[0]
    source.advance(minutes=5)
    live.next_section()  # cascade
    source.advance(minutes=2)
    live.next_section()  # close
    live.rate(maria.id, 9)
    source.advance(minutes=3)
    live.end()

    # ---- Product, Thursday 2026-11-19: a message for Leadership
    _at(source, 2026, 11, 19, 14, 0)
    product_live = LiveMeeting.start(store, source, product, agenda, "camp")
    product_live.go_to(6)  # cascade
    ids["product_message"] = product_live.add_item(
        ItemKind.MESSAGE, PRODUCT_MESSAGE, target_team_id=leadership.id
    )
    source.advance(minutes=10)
    product_live.end()

    # ---- between meetings: a blocker from the command line
    _at(source, 2026, 11, 23, 17, 30)
    ids["printer"] = add_between_meetings(
        store, source, leadership, ItemKind.BLOCKER, "Printer on floor 3 is down again"
    ).id

    # ---- Leadership, Tuesday 2026-11-24: the fixed meeting
    _at(source, 2026, 11, 24, 9, 0)
    live = LiveMeeting.start(store, source, leadership, agenda, "camp", facilitator=maria)
    history.fixed_id = live.meeting_id
    ids["heading"] = live.capture(HEADING_HEADLINE).item_ids[0]
    ids["emoji"] = live.capture(EMOJI_HEADLINE).item_ids[0]
    live.acknowledge(ids["product_message"])
    # a headline dropped down to the issues list, linked both ways
    ids["pilots_issue"] = live.drop_down(ids["emoji"], "Three pilots need onboarding <b>help</b>")
    source.advance(minutes=6)
    live.next_section()  # accountability
    live.review(ids["pricing"], "done")
    from datetime import date

    live.review(ids["ci"], "rescoped", text=CI_RESCOPED, due=date(2026, 12, 1))
    live.review(ids["bank"], "abandoned", reason="the bank called us")
    source.advance(minutes=12)
    live.next_section()  # priorities
    live.set_status(ids["hire"], "off_track")
    ids["list"] = live.capture(f"{LIST_PRIORITY} @li").item_ids[0]
    source.advance(minutes=4)
    live.next_section()  # blockers
    ids["quote"] = live.capture(QUOTE_BLOCKER).item_ids[0]
    ids["link"] = live.add_item(ItemKind.BLOCKER, LINK_BLOCKER)
    live.move_blocker(ids["legal"], -1)
    source.advance(minutes=5)
    live.next_section()  # act
    live.focus(ids["legal"])
    ids["decision"] = live.capture("Sign the DPA as is; legal signs off by Friday").item_ids[0]
    ids["send"] = live.capture("Send the signed DPA to legal @ben due:2026-11-27").item_ids[0]
    live.set_status(ids["legal"], "resolved")
    live.focus(None)
    # a decision on no blocker (as a decisions section takes it): in act it would be an issue
    ids["direct_decision"] = live.capture(
        "Move the offsite to Lisbon", kind=ItemKind.DECISION
    ).item_ids[0]
    ids["script_to_rnd"] = live.hand_off(ids["script"], "R&D [labs]")
    live.set_status(ids["printer"], "dropped", reason="facilities own it")
    source.advance(minutes=28)
    live.next_section()  # commitments
    ids["postmortem"] = live.capture("Write the **postmortem** @li due:2026-12-01").item_ids[0]
    source.advance(minutes=5)
    live.next_section()  # cascade
    ids["pricing_message"] = live.capture("Pricing changes on 1 Dec #Product").item_ids[0]
    source.advance(minutes=2)
    live.next_section()  # close
    ids["note"] = live.add_item(ItemKind.NOTE, CONTROL_NOTE)
    live.set_present(li.id, False)
    live.rate(maria.id, 8)
    live.rate(ben.id, 7)
    live.rating_reason(ben.id, "too long on *status*")
    source.advance(minutes=4)
    live.end()
    return history


def run_next_week(history: History) -> LiveMeeting:
    """Leadership, 2026-12-01: changes items of the fixed meeting, and stays live in
    its accountability section."""
    store, source = history.store, history.source
    ids = history.ids
    _at(source, 2026, 12, 1, 9, 0)
    live = LiveMeeting.start(
        store, source, history.leadership, load_agenda(resolve_agenda("camp")), "camp"
    )
    live.next_section()  # accountability
    live.review(ids["postmortem"], "rescoped", text="Write the postmortem and share it")
    live.review(ids["ci"], "done")
    # still in the accountability section: "send" is not reviewed yet
    live.set_status(ids["quote"], "resolved")
    live.set_status(ids["list"], "done")
    live.add_item(ItemKind.BLOCKER, "A brand new blocker")
    source.advance(minutes=3)
    return live
