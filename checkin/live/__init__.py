"""Live attendance: the statistics feed shared by every open screen (Server-Sent Events)."""

from .feed import change_signal, event_stream, feed_settings, stop_feeds
from .statistics import LATEST_COUNT, compute_stats

__all__ = [
    "LATEST_COUNT",
    "compute_stats",
    "change_signal",
    "event_stream",
    "feed_settings",
    "stop_feeds",
]
