"""A small registry through which apps put panels on the personal dashboard.

`courses` and `needs_analysis` register builders here instead of the portal importing them, so
dependencies keep pointing one way (DESIGN.md §2). A builder takes the request and returns a
dict with ``title``, ``template`` and its context, or None.
"""

registry: list = []


def register(builder):
    registry.append(builder)
    return builder
