"""The public face and the staff dashboard: composes the other apps, owns few models."""
