"""Live attendance: the statistics feed shared by every open screen (Server-Sent Events),
and the limits on how many streams may be open at once."""

from .feed import change_signal, event_stream, feed_settings, stop_feeds
from .slots import Slot, StreamLimits, StreamSlots, stream_limits
from .statistics import LATEST_COUNT, compute_stats

__all__ = [
    "LATEST_COUNT",
    "Slot",
    "StreamLimits",
    "StreamSlots",
    "compute_stats",
    "change_signal",
    "event_stream",
    "feed_settings",
    "stop_feeds",
    "stream_limits",
]
