"""The browser features no page of the site uses, denied by its Permissions-Policy header.

Beside ``portal/settings.py`` because it is a list to read and extend on its own (a new embed
or a new kind of form may need one of them back); ``settings.py`` turns it into
``PERMISSIONS_POLICY`` and adds what the site does use (passkeys, full screen for embedded
videos), which ``portal.security.SecurityHeadersMiddleware`` sends.
"""

UNUSED_BROWSER_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
