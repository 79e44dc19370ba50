"""The CSRF token of rendered pages, drawn with one system call instead of sixty-four.

Django's own csrf context processor (always on) draws each random character of a new
visitor's secret and of every token's mask with its own os.urandom() call: on an uncached
catalogue page for a new visitor that was 64 system calls (bench/profile_pages.py). This one,
listed after it in TEMPLATES, gives the same token (same secret, same masking, same cookie
renewal) from pages.csrf_token().
"""

from django.utils.functional import SimpleLazyObject

from .pages import csrf_token


def csrf(request):
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request, renew=True))}
