"""The category tree, read once and walked in memory."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ..models import Category


def categories_top() -> QuerySet[Category]:
    """Return the top-level categories in display order."""
    return Category.objects.filter(parent__isnull=True).order_by("position", "slug")


@dataclass
class CategoryTree:
    """Every category, fetched once, with parent/child links resolved in memory."""

    by_slug: dict[str, Category]
    by_pk: dict[int, Category]
    children: dict[int | None, list[Category]]

    def descendants(self, category: Category) -> list[int]:
        """Return the pks of a category and everything under it."""
        out, stack = [], [category]
        while stack:
            node = stack.pop()
            out.append(node.pk)
            stack.extend(self.children.get(node.pk, []))
        return out

    def ancestors(self, category: Category) -> list[Category]:
        """Return the path from the root down to the category's parent."""
        path, node = [], category
        while node.parent_id:
            node = self.by_pk[node.parent_id]
            path.insert(0, node)
        return path


def category_tree() -> CategoryTree:
    """Return the whole category tree in one query."""
    cats = list(Category.objects.order_by("position", "slug"))
    children: dict[int | None, list[Category]] = {}
    for cat in cats:
        children.setdefault(cat.parent_id, []).append(cat)
    return CategoryTree(
        by_slug={c.slug: c for c in cats}, by_pk={c.pk: c for c in cats}, children=children
    )
