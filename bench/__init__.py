"""``make bench``: throughput, CPU and queries per page against gunicorn (see bench/run.py).

Production never imports this package: its URL configuration (a hello-world view in front of
the portal's URLs) is used only through ``DJANGO_SETTINGS_MODULE=bench.settings``.
"""
