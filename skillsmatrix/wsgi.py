"""The WSGI application: Django's own handler, nothing in front of it. Every
request, the matrix API included, passes the same host validation, HTTPS
redirect and security headers (skillsmatrix/settings.py MIDDLEWARE)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillsmatrix.settings")
application = get_wsgi_application()
