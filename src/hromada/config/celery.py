"""The Celery application. With `REDIS_URL` set, tasks go to Redis and a worker runs them
(`celery -A hromada.config worker --beat`); without it they run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")

app = Celery("hromada")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
