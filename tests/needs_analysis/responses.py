"""What the needs-analysis tests check on a response."""


def is_private(response) -> bool:
    """``Cache-Control`` says private and no-store (the admin adds more directives)."""
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    return {"private", "no-store"} <= directives
