"""Benchmark URLs: every project URL plus /bench/floor/, a view returning fixed bytes."""

from django.http import HttpResponse
from django.urls import path

from marketplace.urls import urlpatterns as project_urlpatterns

# About the size of a catalogue page; the same bytes every time, no template, no database.
FLOOR_BODY = (
    b"<!doctype html><html><head><title>floor</title></head><body>"
    + b"<p>Souk benchmark floor: fixed bytes, no template, no database.</p>" * 300
    + b"</body></html>"
)


def floor(request):
    """Return fixed bytes through the whole middleware stack: what a Django view costs at least.

    A cached page for a visitor with no session is answered before that stack
    (AnonymousPageCacheMiddleware), from the process's own copy, so it can beat this floor.
    """
    return HttpResponse(FLOOR_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *project_urlpatterns]
