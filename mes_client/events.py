"""Completion events read from CSV or JSON lines."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field


class EventFormatError(ValueError):
    """An event of the input cannot be sent (missing field, quantity not a number...)."""


@dataclass(frozen=True)
class CompletionEvent:
    production: str | int
    quantity: float
    event_id: str
    hours: dict[str, float] = field(default_factory=dict)
    line: int = 0                 # where it was read, for messages

    @classmethod
    def from_mapping(cls, values: dict, line: int = 0) -> CompletionEvent:
        missing = [name for name in ("production", "quantity", "event_id")
                   if values.get(name) in (None, "")]
        if missing:
            raise EventFormatError("line %d: missing %s" % (line, ", ".join(missing)))
        production = values["production"]
        if isinstance(production, str):
            production = production.strip()
        try:
            quantity = float(values["quantity"])
        except (TypeError, ValueError):
            raise EventFormatError("line %d: quantity %r is not a number"
                                   % (line, values["quantity"])) from None
        return cls(production, quantity, str(values["event_id"]).strip(),
                   parse_hours(values.get("hours"), line), line)


def parse_hours(value, line: int = 0) -> dict[str, float]:
    """{work center: hours} from a dict, a JSON object, or "Saw=1.5; Assembly=0.25"."""
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            try:
                value = json.loads(text)
            except ValueError:
                raise EventFormatError("line %d: hours %r is not a JSON object"
                                       % (line, text)) from None
        else:
            pairs = [part.split("=", 1) for part in text.split(";") if part.strip()]
            if any(len(pair) != 2 for pair in pairs):
                raise EventFormatError("line %d: hours %r is not 'work center=hours; ...'"
                                       % (line, text))
            value = {name.strip(): hours.strip() for name, hours in pairs}
    if not isinstance(value, dict):
        raise EventFormatError("line %d: hours must map work centers to hours, not %r"
                               % (line, value))
    try:
        return {str(name): float(hours) for name, hours in value.items()}
    except (TypeError, ValueError):
        raise EventFormatError("line %d: hours %r are not numbers" % (line, value)) from None


def read_events(stream: io.TextIOBase, fmt: str) -> list[CompletionEvent | EventFormatError]:
    """Every event of ``stream`` ('csv' with a header row, or 'jsonl': one JSON object a
    line), in order; an event that cannot be read is returned as its EventFormatError so
    that the others are still sent."""
    if fmt == "csv":
        rows = _csv_rows(stream)
    elif fmt == "jsonl":
        rows = _json_lines(stream)
    else:
        raise ValueError("unknown format %r (csv or jsonl)" % fmt)
    events = []
    for line, row in rows:
        try:
            if isinstance(row, EventFormatError):
                raise row
            events.append(CompletionEvent.from_mapping(row, line))
        except EventFormatError as error:
            events.append(error)
    return events


def _csv_rows(stream):
    reader = csv.DictReader(stream)
    for row in reader:
        yield reader.line_num, row


def _json_lines(stream):
    for line, text in enumerate(stream, 1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except ValueError as error:
            yield line, EventFormatError("line %d: not JSON (%s)" % (line, error))
            continue
        yield line, row if isinstance(row, dict) else EventFormatError(
            "line %d: not a JSON object" % line)
