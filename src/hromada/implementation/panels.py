def register() -> None:
    """Add the implementation's sections to the public project page."""
