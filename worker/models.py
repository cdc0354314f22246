"""Models: filled by the app."""
