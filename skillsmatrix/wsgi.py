import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillsmatrix.settings")
django_application = get_wsgi_application()

from api.wsgi import MatrixFastPathWSGI  # noqa: E402 - needs Django set up first

application = MatrixFastPathWSGI(django_application)
