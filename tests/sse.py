"""Reading Server-Sent Events in tests: from the test client or from a real server."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator


def iter_sse(chunks: Iterable[bytes]) -> Iterator[dict]:
    """Parse a Server-Sent Events byte stream into messages: {event, id, data, comments, retry}."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            message: dict = {"event": None, "id": None, "data": None, "comments": [], "retry": None}
            data_lines = []
            for line in block.decode().split("\n"):
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "":
                    message["comments"].append(value)
                elif field == "data":
                    data_lines.append(value)
                elif field in ("event", "id", "retry"):
                    message[field] = value
            if data_lines:
                message["data"] = "\n".join(data_lines)
            yield message


def next_stats(messages: Iterator[dict]) -> dict:
    """The statistics of the next `stats` message (skipping comments and pings)."""
    for message in messages:
        if message["event"] == "stats":
            return json.loads(message["data"])
    raise AssertionError("stream ended without a stats message")


def stats_stream(chunks: Iterable[bytes]) -> Iterator[dict]:
    """The statistics of every `stats` message, in order (e.g. of requests' iter_content)."""
    for message in iter_sse(chunks):
        if message["event"] == "stats":
            yield json.loads(message["data"])
