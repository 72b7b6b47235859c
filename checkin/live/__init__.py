"""live."""

from .feed import change_signal, event_stream, feed_settings, stop_feeds

__all__ = ["change_signal", "event_stream", "feed_settings", "stop_feeds"]
