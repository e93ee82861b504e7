def register() -> None:
    """Add the evaluation's sections to the public project page."""
