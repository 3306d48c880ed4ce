"""A desk calendar: the iCalendar exports of many articles (``format=ics``) merged into one feed.

The CMS keeps each article's export next to the article; this merges them (by default only the
deadlines) into one file that it serves at a fixed URL for the desk's calendar to subscribe to.
Each event's UID stays as the service made it: stable across runs, and unique across articles when the
request gave the article's ``id``, so a calendar updates an event instead of adding it twice.

    python docs/examples/desk_calendar.py exports/ desk-deadlines.ics            # deadlines only
    python docs/examples/desk_calendar.py exports/ desk-calendar.ics --all       # everything to come
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

import icalendar


def merge(exports: Iterable[bytes], name: str, statuses: set[str] | None = None) -> bytes:
    """One calendar named ``name`` with the events of every export (only ``statuses`` when given)."""
    desk = icalendar.Calendar()
    desk.add("prodid", "-//Example newsroom//desk calendar//EN")
    desk.add("version", "2.0")
    desk.add("calscale", "GREGORIAN")
    desk.add("x-wr-calname", name)
    seen: set[str] = set()
    for export in exports:
        for event in icalendar.Calendar.from_ical(export).walk("VEVENT"):
            # CATEGORIES holds the event's status: scheduled, expected or deadline.
            status = {str(category) for category in event["categories"].cats}
            if (statuses is None or status & statuses) and str(event["uid"]) not in seen:
                seen.add(str(event["uid"]))
                desk.add_component(event)
    return desk.to_ical()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder of .ics exports, one per article")
    parser.add_argument("output", type=Path)
    parser.add_argument("--all", action="store_true", help="every event to come, not only the deadlines")
    parser.add_argument("--name", default="Desk deadlines")
    args = parser.parse_args()
    exports = (path.read_bytes() for path in sorted(args.folder.glob("*.ics")))
    args.output.write_bytes(merge(exports, args.name, None if args.all else {"deadline"}))


if __name__ == "__main__":
    main()
