import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as error:
    # A missing secret or a contradictory setting: one clear line, then stop.
    sys.stderr.write(f"Hromada refuses to start: {error}\n")
    raise SystemExit(2) from None
