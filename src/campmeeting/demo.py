"""`campmeeting demo`: a separate database with three teams and twelve weeks of history.

The history is not inserted row by row: it is played through the real meeting core
(`create_team`, `add_member`, `LiveMeeting.start/capture/review/set_status/hand_off/
rate/end`, `add_between_meetings`) on a `FakeTime`, so every event, review record and
metric is exactly what the app would have recorded had the teams met for real.

Every choice comes from one `random.Random(seed)` and every moment from the fake clock
(set from `today`), so the same seed and the same `today` give the same database, row
for row, timestamps included.

A demo database is marked in the SQLite header (`PRAGMA application_id`), not in a
table: `build_demo` replaces a file only when it carries that mark (or is empty) and
refuses anything else with `StoreError`, leaving it untouched.
"""

from __future__ import annotations

import math
import os
import random
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from campmeeting.agenda import Agenda, bundled_agenda_dir, load_agenda
from campmeeting.clock import FakeTime, SystemTime, local_now, local_today
from campmeeting.meeting import (
    LiveMeeting,
    add_between_meetings,
    add_member,
    create_team,
)
from campmeeting.model import ItemKind, SectionKind
from campmeeting.records import Person, Team
from campmeeting.store import SQLITE_HEADER, Store, StoreError

DEMO_APPLICATION_ID = 0x434D444D  # "CMDM": campmeeting demo, in the SQLite header
DEMO_TEAM_NAMES = ("Leadership", "Product", "Operations")
WEEKS = 12  # cadence occurrences per team (one of them is missed by one team)
DEFAULT_SEED = 7


# --------------------------------------------------------------------------- the cast


@dataclass(frozen=True)
class BlockerStory:
    """A blocker, the decision that clears it, the follow-up and a step while it is open."""

    text: str
    decision: str
    follow_up: str
    progress: str


@dataclass(frozen=True)
class TeamCast:
    name: str
    weekday: int  # Monday = 0
    at: time
    members: tuple[tuple[str, str], ...]  # (handle, full name)
    priorities: tuple[tuple[str, str, BlockerStory], ...]  # (text, owner, off-track blocker)
    long_blocker: BlockerStory  # raised early, still open at the end
    blockers: tuple[BlockerStory, ...]
    commitments: tuple[str, ...]
    headlines: tuple[str, ...]
    messages: tuple[tuple[str, str], ...]  # (text, target team)
    reliability: float  # lowest share of commitments done in a meeting
    overrun: float  # chance that a section overruns its timebox

    @property
    def cadence(self) -> str:
        day = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[self.weekday]
        return f"FREQ=WEEKLY;BYDAY={day};BYHOUR={self.at.hour};BYMINUTE={self.at.minute}"


B = BlockerStory

LEADERSHIP = TeamCast(
    name="Leadership",
    weekday=0,
    at=time(9, 0),
    members=(
        ("maria", "Maria Lindqvist"),
        ("tom", "Tom Becker"),
        ("aisha", "Aisha Okafor"),
        ("jonas", "Jonas Weber"),
        ("priya", "Priya Raman"),
    ),
    priorities=(
        (
            "Close the Series B round by quarter end",
            "maria",
            B(
                "Lead investor wants a second reference customer before the term sheet",
                "Offer Kettle & Co as the second reference; Maria briefs them first",
                "Brief the Kettle & Co CTO for the investor reference call",
                "Ask two customers whether they would take a reference call",
            ),
        ),
        (
            "Hire a VP Sales",
            "tom",
            B(
                "VP Sales shortlist is down to one candidate",
                "Re-open the search with a second recruiting agency",
                "Sign the second recruiting agency",
                "Get two more agency proposals",
            ),
        ),
        (
            "Launch in the Nordics",
            "priya",
            B(
                "Nordics reseller contract stuck in legal review",
                "Accept the reseller's liability cap; outside counsel reviews the rest",
                "Send the signed reseller contract back",
                "Chase legal for the open contract points",
            ),
        ),
        (
            "Cut cloud spend by 20%",
            "jonas",
            B(
                "Cloud bill jumped 30% after the analytics migration",
                "Move the analytics jobs to reserved instances",
                "Buy reserved instances for the analytics cluster",
                "Break the cloud bill down by team",
            ),
        ),
    ),
    long_blocker=B(
        "No agreed budget process for next year",
        "Budgets are set bottom-up by each team lead, then cut centrally",
        "Send the budget template to every team lead",
        "Draft a one-page proposal for the budget process",
    ),
    blockers=(
        B(
            "Board pack is due before the month's numbers are closed",
            "The board gets a flash report now and the full pack one week later",
            "Send the flash report to the board",
            "Agree the closing calendar with finance",
        ),
        B(
            "Office lease renewal needs an answer by month end",
            "Renew for one year only, with an option on the second floor",
            "Sign the one-year lease extension",
            "Collect headcount plans for next year from every team",
        ),
        B(
            "Two senior engineers asked for a salary review",
            "Review all senior engineering salaries this quarter, not case by case",
            "Publish the salary review timeline",
            "Benchmark senior engineering salaries",
        ),
        B(
            "Marketing budget for the Nordics launch not approved",
            "Approve half the budget now, the rest after the first 20 qualified leads",
            "Release the first half of the Nordics budget",
            "Rework the Nordics budget around a lead target",
        ),
        B(
            "Customer advisory board has no date yet",
            "Hold the advisory board online in the last week of the month",
            "Send the advisory board invitations",
            "Collect dates from the eight advisory customers",
        ),
        B(
            "Key account Halvorsen threatens to leave over invoice errors",
            "Credit the wrong invoices now and assign one finance contact",
            "Call Halvorsen's CFO with the credit note",
            "Pull every Halvorsen invoice of the last six months",
        ),
        B(
            "Offsite venue cancelled three weeks before the date",
            "Hold the offsite in our own office with an outside facilitator",
            "Book the offsite facilitator",
            "Ask two venues for the same dates",
        ),
        B(
            "Bonus scheme for sales not signed off",
            "Keep this year's bonus scheme and change it in January",
            "Confirm the bonus scheme to the sales team in writing",
            "Model the bonus cost at 80% and 120% of target",
        ),
    ),
    commitments=(
        "Draft the board deck for the quarterly review",
        "Send the investor update for last month",
        "Interview the two VP Sales finalists",
        "Sign off the Nordics launch plan",
        "Review the cloud cost report with finance",
        "Write the all-hands agenda",
        "Meet the three largest customers' sponsors",
        "Agree next year's hiring plan with each team lead",
        "Finish the cash-flow forecast to year end",
        "Approve the new travel policy",
        "Prepare the data room for due diligence",
        "Run the quarterly risk review",
        "Share the company OKR draft with all teams",
        "Decide on the second office location",
    ),
    headlines=(
        "Kettle & Co renewed for three years",
        "Net revenue retention at 112% this quarter",
        "Two strong VP Sales candidates in the final round",
        "Cash runway extended to 22 months",
        "The engineering blog post reached the front page of Hacker News",
        "First Nordic customer signed a pilot",
        "Employee survey response rate at 91%",
        "Gross margin up three points since spring",
        "Auditor confirmed last year's accounts without findings",
        "Customer support NPS at an all-time high",
        "Partnership with Fjordline signed",
        "Series B data room complete",
    ),
    messages=(
        ("Series B: no external talk about the round until it is announced", "Product"),
        ("Series B: no external talk about the round until it is announced", "Operations"),
        ("Hiring freeze for non-engineering roles until the round closes", "Operations"),
        ("The Nordics launch date is the first of next month; plan releases around it", "Product"),
        ("Travel over 500 euros now needs a Leadership sign-off", "Operations"),
        ("All-hands moves to Thursday 16:00 from next week", "Product"),
    ),
    reliability=0.6,
    overrun=0.2,
)

PRODUCT = TeamCast(
    name="Product",
    weekday=1,
    at=time(10, 30),
    members=(
        ("aisha", "Aisha Okafor"),
        ("lena", "Lena Hoffmann"),
        ("ravi", "Ravi Menon"),
        ("sofia", "Sofia Costa"),
        ("ben", "Ben Carter"),
        ("yuki", "Yuki Tanaka"),
    ),
    priorities=(
        (
            "Ship mobile app 2.0",
            "lena",
            B(
                "App store review rejected the 2.0 build",
                "Remove the in-app purchase screen from 2.0 and resubmit",
                "Resubmit the 2.0 build without in-app purchases",
                "Ask app review for the exact guideline we break",
            ),
        ),
        (
            "Self-serve onboarding live for all new accounts",
            "sofia",
            B(
                "Onboarding emails land in spam for Outlook users",
                "Move onboarding mail to the transactional mail provider",
                "Switch the onboarding emails to the new sender domain",
                "Run a spam check on the onboarding emails",
            ),
        ),
        (
            "Bring monthly churn below 3%",
            "ravi",
            B(
                "Churn interviews keep getting cancelled",
                "Offer a 50 euro voucher for every churn interview",
                "Book five churn interviews with vouchers",
                "Ask support for ten churned customers willing to talk",
            ),
        ),
    ),
    long_blocker=B(
        "Flaky end-to-end tests block releases twice a week",
        "Quarantine flaky tests; releases wait only for the stable suite",
        "Set up the quarantine job in CI",
        "Count the flaky tests by product area",
    ),
    blockers=(
        B(
            "Design tokens out of sync between web and mobile",
            "One token file in the design repository feeds both apps",
            "Move the colour tokens into the shared file",
            "List the tokens that differ between web and mobile",
        ),
        B(
            "No analytics on where trial users drop off",
            "Instrument the five onboarding steps before anything else",
            "Ship the onboarding funnel events",
            "Write the event list for the onboarding funnel",
        ),
        B(
            "Accessibility audit found 40 issues in checkout",
            "Fix the 12 blocking issues before launch; the rest go to the backlog",
            "Fix the 12 blocking accessibility issues",
            "Sort the audit findings by severity",
        ),
        B(
            "Swedish and Danish translations not budgeted",
            "Use the translation agency for launch copy only",
            "Order the launch copy translations",
            "Get a quote for Swedish and Danish copy",
        ),
        B(
            "Roadmap review with sales keeps slipping",
            "The roadmap review becomes a fixed slot every other Thursday",
            "Send the recurring roadmap review invitation",
            "Propose two dates to sales",
        ),
        B(
            "Search results are slow for accounts with many projects",
            "Add a search index per account before the 2.0 launch",
            "Ship the per-account search index",
            "Measure search latency for the ten largest accounts",
        ),
        B(
            "Beta testers cannot export their data",
            "Ship CSV export now, other formats later",
            "Release the CSV export to the beta group",
            "Collect the export formats beta testers ask for",
        ),
        B(
            "Two designers out for the same two weeks",
            "Pause the settings redesign while both are away",
            "Move the settings redesign in the roadmap",
            "Check which design work cannot wait",
        ),
    ),
    commitments=(
        "Write the release notes for the next version",
        "Run five usability tests of the new onboarding",
        "Finish the spec for team workspaces",
        "Clean up the feature flags older than three months",
        "Prepare the demo for the customer advisory board",
        "Update the public roadmap page",
        "Review the analytics dashboard with support",
        "Prototype the new navigation",
        "Close the top ten bugs from the beta",
        "Write the pricing page copy for the new plans",
        "Pair with support on the top ticket drivers",
        "Publish the mobile beta to the second tester group",
        "Finish the accessibility fixes in the sign-up form",
        "Test the Android build on the five oldest devices we support",
    ),
    headlines=(
        "Mobile beta crash rate below 0.5%",
        "Onboarding completion up from 41% to 56%",
        "Design system 3.0 released",
        "Nine of ten usability testers finished sign-up without help",
        "Search is twice as fast since the index change",
        "First customer built a workspace template on their own",
        "App store rating back to 4.6",
        "Churn interviews: price is not the main reason people leave",
        "The export feature got 200 users in its first week",
        "Release train on time for the sixth week running",
        "Lena spoke at the product conference in Berlin",
        "Trial to paid conversion at 18% this month",
    ),
    messages=(
        ("Mobile 2.0 release candidate is ready; please test it", "Operations"),
        ("Mobile 2.0 ships on the 15th; the launch plan is in the shared folder", "Leadership"),
        ("The new onboarding needs a support article before launch", "Operations"),
        ("Pricing page update goes live with the next release", "Leadership"),
        ("Planned downtime for the search migration: Sunday 06:00-07:00", "Operations"),
    ),
    reliability=0.5,
    overrun=0.35,
)

OPERATIONS = TeamCast(
    name="Operations",
    weekday=3,
    at=time(14, 0),
    members=(
        ("jonas", "Jonas Weber"),
        ("kemal", "Kemal Yilmaz"),
        ("hannah", "Hannah Schmidt"),
        ("diego", "Diego Alvarez"),
        ("grace", "Grace Kim"),
    ),
    priorities=(
        (
            "Zero-downtime deploys for every service",
            "kemal",
            B(
                "Zero-downtime deploys fail for the search service",
                "Run search behind two replicas with connection draining",
                "Put the second search replica live",
                "Reproduce the failed search deploy in staging",
            ),
        ),
        (
            "Pass the SOC 2 Type II audit",
            "hannah",
            B(
                "SOC 2 evidence for access reviews incomplete",
                "Quarterly access reviews go into the ticket system with sign-off",
                "Export the access review evidence for the auditor",
                "List the systems without an access review",
            ),
        ),
        (
            "First support response under 4 hours",
            "grace",
            B(
                "Support queue backlog over 300 tickets",
                "Everyone in Operations takes one support shift this week",
                "Staff the extra support shifts",
                "Tag the backlog by product area",
            ),
        ),
    ),
    long_blocker=B(
        "Database failover not tested since spring",
        "Run a failover drill in the Sunday maintenance window",
        "Run the failover drill and write up the result",
        "Draft the failover drill runbook",
    ),
    blockers=(
        B(
            "On-call rota has gaps over the holidays",
            "Pay an on-call bonus for the holiday shifts",
            "Publish the holiday on-call rota",
            "Ask for volunteers for the holiday weeks",
        ),
        B(
            "Deploy pipeline takes 45 minutes",
            "Split the test stage and cache the dependencies",
            "Ship the pipeline cache change",
            "Profile the slowest pipeline stages",
        ),
        B(
            "Laptop refresh delayed by the supplier",
            "Order the eight urgent laptops from the second supplier",
            "Order the eight urgent laptops",
            "Get a delivery date from the supplier in writing",
        ),
        B(
            "Status page does not show partial outages",
            "Add component status to the status page",
            "Configure component status for the five main services",
            "List the components customers care about",
        ),
        B(
            "Vendor security questionnaires pile up",
            "Publish a trust page and answer questionnaires from it",
            "Publish the trust page",
            "Collect the twenty most common questionnaire answers",
        ),
        B(
            "Certificate renewals are manual and one expired last month",
            "Move every certificate to automatic renewal",
            "Switch the last five certificates to automatic renewal",
            "Inventory every certificate and its expiry date",
        ),
        B(
            "Alert noise: 400 pages a week, most of them ignored",
            "Delete every alert nobody acted on in 30 days",
            "Remove the unused alerts and review the rest",
            "Export the alert history of the last month",
        ),
        B(
            "Contractor access not removed when contracts end",
            "Contractor accounts expire automatically on the contract end date",
            "Set expiry dates on all contractor accounts",
            "List the contractor accounts and their end dates",
        ),
    ),
    commitments=(
        "Rotate the production database credentials",
        "Write the incident review for last week's outage",
        "Update the disaster recovery plan",
        "Renew the support tooling contract",
        "Train two more people for on-call",
        "Review the backup retention settings",
        "Patch the jump hosts",
        "Document the release checklist",
        "Move the staging environment to the new cluster",
        "Review the vendor list with finance",
        "Run the quarterly access review",
        "Set up cost alerts per cloud account",
        "Write the runbook for the payment service",
        "Close the open findings from the penetration test",
    ),
    headlines=(
        "99.98% uptime last month",
        "Median first support response down to 3h 10m",
        "Deploys now take 18 minutes instead of 45",
        "No pages during the night for two weeks",
        "SOC 2 auditor kick-off went smoothly",
        "New on-call handbook published",
        "Penetration test found no critical issues",
        "Cloud spend down 12% month on month",
        "Backup restore drill passed in 40 minutes",
        "Grace finished the incident commander training",
        "Support satisfaction at 96% this week",
        "All laptops now have disk encryption on",
    ),
    messages=(
        ("Maintenance window this Sunday 06:00-08:00: no deploys", "Product"),
        ("New incident process: page the incident commander, not the team lead", "Product"),
        ("SOC 2 auditors will interview two people from each team next month", "Leadership"),
        ("Support will answer in chat only until 18:00 from Monday", "Product"),
        ("Cloud spend report for last month is in the finance folder", "Leadership"),
    ),
    reliability=0.75,
    overrun=0.12,
)

CASTS = (LEADERSHIP, PRODUCT, OPERATIONS)

# Blockers handed from one team to another, and how the receiving team clears them.
HAND_OFFS = (
    # (from team, raised at week, handed at week, to team, story in the first team,
    #  story in the receiving team)
    (
        "Product",
        2,
        4,
        "Operations",
        B(
            "Payment provider webhooks fail now and then in production",
            "Operations owns the webhook reliability fix; we hand it over",
            "Send the failed webhook examples to Operations",
            "Collect the failed webhook logs of one week",
        ),
        B(
            "Payment provider webhooks fail now and then in production",
            "Retry webhooks with a dead-letter queue and alert on failures",
            "Put the webhook dead-letter queue and its alert live",
            "Reproduce the webhook failures against the provider sandbox",
        ),
    ),
    (
        "Leadership",
        3,
        5,
        "Product",
        B(
            "Pricing page still shows last year's plans",
            "Product owns the pricing page; the plans come from the billing configuration",
            "Tell sales which prices to quote until the page is fixed",
            "List every place that still shows the old prices",
        ),
        B(
            "Pricing page still shows last year's plans",
            "Generate the pricing page from the billing configuration",
            "Ship the generated pricing page",
            "Check the pricing page against the billing plans",
        ),
    ),
)

SCOPE_CUTS = (" (phase 1 only)", " (first draft only)", " (top ten accounts only)")
ABANDON_REASONS = (
    "Overtaken by events",
    "Not worth it any more",
    "Folded into another commitment",
    "The customer changed their plans",
)
LOW_RATING_NOTES = (
    "Act ran long again; keep each blocker to its timebox",
    "Too much status reporting in accountability; take problems to blockers",
    "Several people joined late; start on time next week",
)


# --------------------------------------------------------------------------- safety


def is_demo_database(path: Path) -> bool:
    """True when the file at `path` was written by `build_demo` (reads 100 bytes only)."""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    if len(header) < 72 or not header.startswith(SQLITE_HEADER):
        return False
    return int.from_bytes(header[68:72], "big") == DEMO_APPLICATION_ID


def _check_target(path: Path) -> None:
    """Refuse to replace anything but a missing or empty file or an earlier demo."""
    if not path.exists():
        return
    if not path.is_file():
        raise StoreError(f"{path}: not a file; the demo database was not written")
    if path.stat().st_size == 0 or is_demo_database(path):
        return
    raise StoreError(
        f"{path}: not a demo database; the demo never overwrites it "
        "(leave out --db to use the demo's own file); left unchanged"
    )


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


# --------------------------------------------------------------------------- building


def build_demo(path: Path, seed: int = DEFAULT_SEED, today: date | None = None) -> Store:
    """Write the demo database to `path` and return it open.

    `path` must not exist, be empty, or hold an earlier demo (which is replaced);
    anything else raises `StoreError` and is left untouched. The history is built in
    memory and copied to a temporary file beside `path`, which then replaces it, so a
    failure never leaves half a demo behind. `today` defaults to the local date; the
    twelve weekly meetings of each team are the last ones of its cadence before it.
    """
    path = Path(path)
    _check_target(path)
    if today is None:
        today = local_today(SystemTime())
    store = Store.memory()
    try:
        _Builder(store, random.Random(seed), today).run()
        with store.transaction():
            store.db.execute(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".building", dir=path.parent
        )
        os.close(handle)
        temp = Path(temp_name)
        try:
            target = sqlite3.connect(temp)
            try:
                store.db.conn.backup(target)
            finally:
                target.close()
            _check_target(path)  # again: nothing else may have appeared meanwhile
            _remove(path)
            os.replace(temp, path)
        finally:
            _remove(temp)
    finally:
        store.close()
    return Store.open(path)


@dataclass
class _Plan:
    """What happens to one blocker, by the team's week index (0..WEEKS-1)."""

    story: BlockerStory
    resolve_week: int | None = None
    drop_week: int | None = None
    hand_off: tuple[int, str, BlockerStory] | None = None  # (week, team, story there)
    progressed: bool = False


@dataclass
class _TeamState:
    cast: TeamCast
    team: Team
    people: list[Person]
    occurrences: list[datetime]
    missed: int | None = None
    priorities: dict[int, str] = field(default_factory=dict)  # item id -> priority text
    # priority text -> {week: new status}
    priority_moves: dict[str, dict[int, str]] = field(default_factory=dict)
    # week -> blocker stories to raise in that week's blockers section
    raise_at: dict[int, list[tuple[BlockerStory, _Plan]]] = field(default_factory=dict)
    pool: list[BlockerStory] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, store: Store, rng: random.Random, today: date) -> None:
        self.store = store
        self.rng = rng
        self.today = today
        self.agenda: Agenda = load_agenda(bundled_agenda_dir() / "camp.toml")
        self.plans: dict[int, _Plan] = {}
        self.teams: dict[str, _TeamState] = {}
        first = min(self._occurrences(cast)[0] for cast in CASTS)
        # The morning of the first meeting: a cadence counts from the midnight before its
        # team was created, so an earlier day would show a meeting missed before any was.
        created = datetime.combine(first.date(), time(7, 30))
        self.source = FakeTime(created)

    # -- the calendar ----------------------------------------------------------------

    def _occurrences(self, cast: TeamCast) -> list[datetime]:
        """The team's last WEEKS cadence dates before today, earliest first."""
        back = (self.today.weekday() - cast.weekday) % 7 or 7
        last = self.today - timedelta(days=back)
        return [
            datetime.combine(last - timedelta(weeks=WEEKS - 1 - k), cast.at) for k in range(WEEKS)
        ]

    def run(self) -> None:
        self._create_teams()
        self._plan_stories()
        schedule: list[tuple[datetime, Callable[[], None]]] = []
        for state in self.teams.values():
            for week, moment in enumerate(state.occurrences):
                if week != state.missed:
                    schedule.append((moment, self._meeting_job(state, week)))
        schedule.extend(self._between_meetings())
        schedule.sort(key=lambda entry: entry[0])  # stable: equal moments keep their order
        for _moment, job in schedule:
            job()

    def _meeting_job(self, state: _TeamState, week: int) -> Callable[[], None]:
        return lambda: self._meeting(state, week)

    def _create_teams(self) -> None:
        for cast in CASTS:
            team = create_team(self.store, self.source, cast.name, cadence=cast.cadence)
            people = [
                add_member(self.store, self.source, team, handle, name)
                for handle, name in cast.members
            ]
            self.source.advance(minutes=self.rng.randint(2, 9))
            self.teams[cast.name] = _TeamState(
                cast=cast,
                team=self.store.team(team.id),
                people=people,
                occurrences=self._occurrences(cast),
            )
        missing = self.rng.choice(list(self.teams.values()))
        missing.missed = self.rng.randint(4, 8)

    def _plan_stories(self) -> None:
        rng = self.rng
        for state in self.teams.values():
            cast = state.cast
            state.pool = list(cast.blockers)
            rng.shuffle(state.pool)
            state.commitments = list(cast.commitments)
            rng.shuffle(state.commitments)
            state.headlines = list(cast.headlines)
            rng.shuffle(state.headlines)
            # A blocker raised in week 1 that nobody clears: open for weeks at the end.
            state.raise_at.setdefault(1, []).append((cast.long_blocker, _Plan(cast.long_blocker)))
            # Priorities: one goes off track and comes back, one is done, the rest wobble
            # or hold; Leadership drops one.
            kinds = ["wobble", "done"] + ["maybe"] * (len(cast.priorities) - 2)
            if cast.name == "Leadership":
                kinds[-1] = "dropped"
            for (text, _owner, story), kind in zip(cast.priorities, kinds, strict=True):
                moves: dict[int, str] = {}
                if kind == "maybe" and rng.random() < 0.5:
                    kind = "wobble"
                if kind == "wobble":
                    off = rng.randint(2, 6)
                    back = off + rng.randint(1, 3)
                    moves = {off: "off_track", back: "on_track"}
                    plan = _Plan(story, resolve_week=back)
                    state.raise_at.setdefault(off, []).append((story, plan))
                elif kind == "done":
                    moves = {rng.randint(8, 11): "done"}
                elif kind == "dropped":
                    off = rng.randint(3, 5)
                    drop = rng.randint(off + 2, 10)
                    moves = {off: "off_track", drop: "dropped"}
                    state.raise_at.setdefault(off, []).append((story, _Plan(story, drop_week=drop)))
                state.priority_moves[text] = moves
        for origin, raised, handed, target, story, story_there in HAND_OFFS:
            plan = _Plan(story, hand_off=(handed, target, story_there))
            self.teams[origin].raise_at.setdefault(raised, []).append((story, plan))

    def _between_meetings(self) -> list[tuple[datetime, Callable[[], None]]]:
        """Items added with `campmeeting add` between meetings; the last ones wait for
        each team's next meeting, after the demo's history."""
        leadership, product, operations = (self.teams[name] for name in DEMO_TEAM_NAMES)
        evening = datetime.combine(self.today - timedelta(days=1), time(17, 30))
        runway = B(
            "Board wants the updated runway model before the offsite",
            "Use the base case only; scenarios go in the appendix",
            "Send the runway model to the board",
            "Update the runway model with last month's actuals",
        )
        entries = [
            (
                leadership.occurrences[3] + timedelta(days=2, hours=8, minutes=10),
                leadership,
                ItemKind.BLOCKER,
                runway.text,
                runway,
            ),
            (
                product.occurrences[7] + timedelta(days=3, hours=1, minutes=5),
                product,
                ItemKind.COMMITMENT,
                "Summarise the churn interviews for Leadership @ravi due:next",
                None,
            ),
            (
                evening,
                operations,
                ItemKind.BLOCKER,
                "Backup restore test failed on the analytics cluster",
                None,
            ),
            (
                evening + timedelta(minutes=12),
                product,
                ItemKind.HEADLINE,
                "Mobile 2.0 passed 10,000 installs in its first week",
                None,
            ),
            (
                evening + timedelta(minutes=40),
                leadership,
                ItemKind.COMMITMENT,
                "Prepare the agenda for the strategy offsite @maria due:next",
                None,
            ),
        ]
        jobs = []
        for moment, state, kind, line, story in entries:

            def job(moment=moment, state=state, kind=kind, line=line, story=story) -> None:
                self.source.set(moment)
                item = add_between_meetings(self.store, self.source, state.team, kind, line)
                if story is not None:
                    week = self._week_after(state, moment)
                    self.plans[item.id] = _Plan(story, resolve_week=week + 1)

            jobs.append((moment, job))
        return jobs

    @staticmethod
    def _week_after(state: _TeamState, moment: datetime) -> int:
        return next((k for k, when in enumerate(state.occurrences) if when > moment), WEEKS)

    # -- one meeting ---------------------------------------------------------------------

    def _pause(self, low: int = 20, high: int = 75) -> None:
        self.source.advance(seconds=self.rng.randint(low, high))

    def _capture(self, live: LiveMeeting, line: str) -> int:
        result = live.capture(line)
        if not result.saved:  # a demo script error, never the user's
            raise RuntimeError(f"demo capture refused {line!r}: {'; '.join(result.problems)}")
        return result.item_ids[0]

    def _finish_section(self, live: LiveMeeting, state: _TeamState, slow: bool = False) -> None:
        """Spend the section's time (sometimes more than its timebox) and move on."""
        rng = self.rng
        planned = live.current.planned_seconds
        if rng.random() < state.cast.overrun * (2 if slow else 1):
            factor = rng.uniform(1.15, 1.7)
        else:
            factor = rng.uniform(0.6, 1.05)
        missing = round(planned * factor - live.section_elapsed())
        if missing > 0:
            self.source.advance(seconds=missing)
        live.next_section()

    def _meeting(self, state: _TeamState, week: int) -> None:
        rng = self.rng
        self.source.set(state.occurrences[week] + timedelta(seconds=rng.randint(0, 240)))
        facilitator = state.people[week % len(state.people)]
        live = LiveMeeting.start(
            self.store, self.source, state.team, self.agenda, "camp", facilitator=facilitator
        )
        present = [
            person for person in state.people if person.id == facilitator.id or rng.random() > 0.07
        ]
        for person in state.people:
            if person not in present:
                live.set_present(person.id, False)
        for section in list(live.sections):
            kind = SectionKind(section.kind)
            handler = getattr(self, f"_{kind.value}", None)
            if handler is not None:
                handler(live, state, week, present)
            if kind == SectionKind.CLOSE:
                break
            self._finish_section(live, state, slow=kind in ("accountability", "act"))
        live.end()

    def _checkin(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        rng = self.rng
        for view in live.items():
            if view.item.kind == ItemKind.MESSAGE and view.item.status == "pending":
                self._pause(10, 40)
                if rng.random() < 0.85:
                    live.acknowledge(view.id)
        for _ in range(rng.choice([0, 1, 1, 2])):
            if state.headlines:
                self._pause(30, 90)
                self._capture(live, state.headlines.pop())

    def _accountability(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        rng = self.rng
        due = [v for v in live.items() if v.due_in_review and v.review is None]
        if not due:
            return
        rng.shuffle(due)
        share = rng.uniform(state.cast.reliability, 1.0)
        done = max(math.ceil(len(due) / 2), round(len(due) * share))
        meeting_date = date.fromisoformat(live.meeting.date)
        for index, view in enumerate(due):
            self._pause(25, 80)
            if index < done:
                live.review(view.id, "done")
                continue
            outcome = rng.choices(["rescoped", "abandoned", "open"], weights=[5, 3, 3])[0]
            if view.times_rescoped >= 2 and outcome == "rescoped":
                outcome = "abandoned"
            if outcome == "rescoped":
                text = None
                if view.times_rescoped == 0 and rng.random() < 0.5:
                    text = view.item.text + rng.choice(SCOPE_CUTS)
                new_due = meeting_date + timedelta(days=rng.choice([7, 7, 14]))
                live.review(view.id, "rescoped", text=text, due=new_due)
            elif outcome == "abandoned":
                live.review(view.id, "abandoned", reason=rng.choice(ABANDON_REASONS))
            elif rng.random() < 0.5:
                live.review(view.id, "open")
            # else: left unreviewed, recorded as open when the section ends

    def _priorities(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        if not state.priorities:
            for text, owner, _story in state.cast.priorities:
                self._pause(30, 70)
                state.priorities[self._capture(live, f"{text} @{owner}")] = text
            return
        for view in live.items():
            text = state.priorities.get(view.id)
            if text is None or view.item.status not in ("on_track", "off_track"):
                continue
            # the latest move whose week has come (a missed week moves it a week later)
            moves = state.priority_moves.get(text, {})
            reached = [k for k in moves if k <= week]
            if not reached or moves[max(reached)] == view.item.status:
                continue
            status = moves[max(reached)]
            self._pause(20, 60)
            reason = "Not a priority after the strategy review" if status == "dropped" else None
            live.set_status(view.id, status, reason=reason)

    def _blockers(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        rng = self.rng
        new: list[int] = []
        raises = []
        for planned_week in sorted(state.raise_at):
            if planned_week <= week:  # a missed week raises its blockers a week later
                raises.extend(state.raise_at.pop(planned_week))
        for _ in range(rng.choices([0, 1, 2], weights=[3, 5, 2])[0]):
            if not state.pool:
                break
            story = state.pool.pop()
            lifetime = rng.choices(["now", "soon", "weeks", "drop"], weights=[3, 4, 2, 1])[0]
            plan = _Plan(story)
            if lifetime == "now":
                plan.resolve_week = week
            elif lifetime == "soon":
                plan.resolve_week = week + rng.randint(1, 2)
            elif lifetime == "weeks":
                plan.resolve_week = week + rng.randint(3, 5)
            else:
                plan.drop_week = week + rng.randint(2, 3)
            raises.append((story, plan))
        for story, plan in raises:
            self._pause(20, 60)
            item_id = self._capture(live, story.text)
            self.plans[item_id] = plan
            new.append(item_id)
        if new and rng.random() < 0.4:
            self._pause(5, 15)
            live.move_blocker(new[-1], -1)

    def _act(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        rng = self.rng
        open_blockers = [v for v in live.items() if v.item.status == "open"]
        due: list[int] = []
        others: list[int] = []
        for view in open_blockers:
            plan = self.plans.get(view.id)
            if plan is None:
                continue
            if (
                (plan.resolve_week is not None and plan.resolve_week <= week)
                or (plan.drop_week is not None and plan.drop_week <= week)
                or (plan.hand_off is not None and plan.hand_off[0] <= week)
            ):
                due.append(view.id)
            elif not plan.progressed:
                others.append(view.id)
        worked = due + others[: rng.choice([0, 1, 1, 2])]
        if rng.random() < 0.08:  # a short break: the paused clock does not count it
            live.toggle_pause()
            self.source.advance(minutes=rng.randint(3, 8))
            live.toggle_pause()
        for blocker_id in worked:
            plan = self.plans[blocker_id]
            story = plan.story
            live.focus(blocker_id)
            self._pause(120, 420)
            if plan.hand_off is not None and plan.hand_off[0] <= week:
                _week, target, story_there = plan.hand_off
                self._capture(live, story.decision)
                self._pause(20, 60)
                self._capture(live, f"{story.follow_up} @{self._owner(present)} due:+3d")
                new_id = live.hand_off(blocker_id, target)
                target_state = self.teams[target]
                arrives = self._week_after(target_state, local_now(self.source))
                self.plans[new_id] = _Plan(story_there, resolve_week=arrives + rng.randint(1, 2))
            elif plan.drop_week is not None and plan.drop_week <= week:
                live.set_status(blocker_id, "dropped", reason="No longer blocks anything")
            elif plan.resolve_week is not None and plan.resolve_week <= week:
                self._capture(live, story.decision)
                self._pause(20, 60)
                self._capture(live, f"{story.follow_up} @{self._owner(present)}")
                live.set_status(blocker_id, "resolved")
            else:
                plan.progressed = True
                self._capture(live, f"{story.progress} @{self._owner(present)}")
        live.focus(None)

    def _commitments(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        rng = self.rng
        for _ in range(rng.choice([1, 2, 2, 3])):
            if not state.commitments:
                state.commitments = list(state.cast.commitments)
                rng.shuffle(state.commitments)
            self._pause(30, 80)
            due = rng.choice(["", "", "", " due:+2w", " due:+10d"])
            self._capture(live, f"{state.commitments.pop()} @{self._owner(present)}{due}")

    def _cascade(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        rng = self.rng
        messages = list(state.cast.messages)
        if state.cast.name == "Leadership":
            if week == 1:  # the Series B message, to both other teams
                messages = messages[:2]
            else:
                messages = messages[2:]
        if week == 1 and state.cast.name == "Leadership":
            chosen = messages
        elif rng.random() < 0.3:
            chosen = [rng.choice(messages)]
        else:
            return
        for text, target in chosen:
            self._pause(20, 50)
            self._capture(live, f"{text} #{target}")

    def _close(self, live: LiveMeeting, state: _TeamState, week: int, present) -> None:
        rng = self.rng
        timing = live.meeting_elapsed() / live.planned_total()
        base = rng.choice([6, 7, 7, 8, 8, 8, 8, 9, 9, 10]) - (1 if timing > 1.1 else 0)
        ratings = []
        for person in present:
            self._pause(5, 15)
            rating = max(1, min(10, base + rng.choice([-1, -1, 0, 0, 0, 1])))
            live.rate(person.id, rating)
            ratings.append(rating)
        if sum(ratings) / len(ratings) < 7:
            self._pause(20, 40)
            self._capture(live, rng.choice(LOW_RATING_NOTES))
        self._pause(30, 90)

    def _owner(self, present: list[Person]) -> str:
        return self.rng.choice(present).handle
