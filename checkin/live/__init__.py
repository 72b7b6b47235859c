"""Live attendance: the statistics feed shared by every open screen (Server-Sent Events)."""

from .feed import change_signal, event_stream, feed_settings, stop_feeds

__all__ = ["change_signal", "event_stream", "feed_settings", "stop_feeds"]
