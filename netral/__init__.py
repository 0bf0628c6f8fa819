"""Netral: supervising the political neutrality of Indonesian civil servants during elections."""

__version__ = "0.1.0"
