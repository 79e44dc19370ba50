"""Template tags of the caching package.

{% hole name arg %}: a part of a cached page kept and checked on its own (caching/pages.py).
{% cached key tags %}…{% endcached %}: a fragment kept with its dependencies (fragments.py),
shared by every page that renders the same key; rendered afresh when `key` is empty.
{% shell %}…{% endshell %}: markup the same for every anonymous visitor in one language and
currency (base.html's head and header), kept by each process; its `{% per_request %}` parts and
its blocks are rendered on every answer (shell.py).
"""

from django import template
from django.utils.safestring import mark_safe

from marketplace.caching import fragments
from marketplace.caching.pages import render_hole
from marketplace.caching.shell import PerRequestNode, ShellNode

register = template.Library()


@register.simple_tag(takes_context=True)
def hole(context, name, arg):
    """Render the registered hole `name` for `arg` (marked for the page cache)."""
    return mark_safe(render_hole(name, context.get("request"), arg, context))  # noqa: S308


class CachedNode(template.Node):
    def __init__(self, nodelist, key, tags):
        self.nodelist, self.key, self.tags = nodelist, key, tags

    def render(self, context):
        key = self.key.resolve(context)
        if not key or not fragments.enabled(context.get("request")):
            return self.nodelist.render(context)
        found = fragments.get_many([key])
        if key in found:
            return found[key]
        html = self.nodelist.render(context)
        fragments.set_many({key: (html, tuple(self.tags.resolve(context) or ()))})
        return html


@register.tag("cached")
def do_cached(parser, token):
    """{% cached key tags %}…{% endcached %}: keep the inner markup under `key`, with `tags`."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("{% cached key tags %} takes a key and its tags")
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    return CachedNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))


def _enclosing(parser, token, node_class):
    """Compile `{% name %}…{% endname %}` (no argument) into node_class(nodelist)."""
    name = token.contents.split()[0]
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError(f"{{% {name} %}} takes no argument")
    nodelist = parser.parse((f"end{name}",))
    parser.delete_first_token()
    return node_class(nodelist)


@register.tag("shell")
def do_shell(parser, token):
    """{% shell %}…{% endshell %}: see marketplace/caching/shell.py."""
    return _enclosing(parser, token, ShellNode)


@register.tag("per_request")
def do_per_request(parser, token):
    """{% per_request %}…{% endper_request %}: rendered on every answer inside a shell."""
    return _enclosing(parser, token, PerRequestNode)
