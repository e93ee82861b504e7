"""The URL map. Ukrainian pages have no language prefix; English ones live under /en/.
Each app owns its full paths, public and staff (/staff/…)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from hromada.core.views.public import set_language


def _superusers_only(request: HttpRequest) -> bool:
    # The Django admin is a tool for superusers; staff work happens under /staff/.
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]

# Any unhandled error: a 503 with Retry-After when the database is unreachable, else 500.
handler500 = "hromada.core.views.errors.server_error"

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    from hromada.core.views import bench

    urlpatterns.append(path("bench/insert/", bench.insert, name="bench_insert"))

urlpatterns += i18n_patterns(
    path("", include("hromada.portal.urls")),
    path("", include("hromada.core.urls")),
    path("", include("hromada.accounts.urls")),
    path("", include("hromada.programmes.urls")),
    path("", include("hromada.implementation.urls")),
    path("", include("hromada.voting.urls")),
    path("", include("hromada.budget.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)
