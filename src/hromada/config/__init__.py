"""Project configuration: settings, URL map, WSGI/ASGI entry points and Celery."""

from hromada.config.celery import app as celery_app

__all__ = ["celery_app"]
