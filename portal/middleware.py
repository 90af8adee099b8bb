"""Guards that answer bad requests before any view or database sees them."""

from django.core.exceptions import SuspiciousOperation
from django.views.defaults import bad_request


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string gets 400 Bad Request.

    No database can store or compare a NUL byte (PostgreSQL refuses it, SQLite's full-text search
    cuts the query there), and no address of this site contains one, so such a request is never
    meant: this is the one place that turns it away, for every URL including the admin's.
    Form fields are checked by their forms (Django's ``CharField`` refuses NUL bytes).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul_byte(request):
            return bad_request(request, SuspiciousOperation("NUL byte in the request address"))
        return self.get_response(request)


def has_nul_byte(request) -> bool:
    if "\x00" in request.path or "\x00" in request.path_info:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )
