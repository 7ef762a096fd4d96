"""Treebeard rows written in bulk: pages and collections whose paths we compute.

Wagtail's `add_child` reads the parent, locks, counts and writes one node at a time
(plus signals, search indexing and reference indexing per page): ~190 queries per school.
Paths of new children are predictable (`Tree`), so whole batches of pages can be
inserted with a few multi-row INSERTs per table. Callers do the rest once per batch
(search index, routing and cache invalidation). Used by provisioning and by the
benchmark data generator.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import Page

from .text import fold

BATCH = 500


def page_row(
    model, path, parent_url_path, slug, title, *, locale, numchild=0, published_at=None, **fields
):
    """A live page of `model` at `path` (from `Tree.path()` or `Page._get_path`), built in
    memory for bulk_add_pages with what add_child and save() would have set, the folded
    search copy included (SchoolSitePage.folded_search_source)."""
    page = model(
        title=title,
        draft_title=title,
        slug=slug,
        path=path,
        depth=len(path) // model.steplen,
        numchild=numchild,
        url_path=f"{parent_url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=published_at,
        last_published_at=published_at,
        content_type=ContentType.objects.get_for_model(model),
        locale=locale,
        **fields,
    )
    if hasattr(page, "folded_search_source"):
        page.search_text_folded = fold(page.folded_search_source())
    return page


def _insert(model, objs):
    """INSERT rows of one model's own table (multi-table inheritance: the child part)."""
    fields = list(model._meta.local_concrete_fields)
    for start in range(0, len(objs), BATCH):
        model._base_manager._insert(objs[start : start + BATCH], fields=fields, using="default")


def bulk_add_pages(pages):
    """Insert specific page instances whose tree fields are already set. Page rows go in
    through bulk_create (ids come back), then each model's own table."""
    base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    bases = [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in pages]
    Page.objects.bulk_create(bases, batch_size=BATCH)
    by_model = {}
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
        by_model.setdefault(type(page), []).append(page)
    for model, objs in by_model.items():
        _insert(model, objs)
        for obj in objs:
            # Saved rows, as bulk_create would leave them: a later save() updates them.
            obj._state.adding, obj._state.db = False, "default"


class Tree:
    """Hands out treebeard paths under a parent without reading them back."""

    def __init__(self, model, parent):
        self.model, self.parent = model, parent
        last = parent.get_last_child()
        self.next = (model._str2int(last.path[-model.steplen :]) + 1) if last else 1
        self.count = 0

    def path(self):
        path = self.model._get_path(self.parent.path, self.parent.depth + 1, self.next)
        self.next += 1
        self.count += 1
        return path

    def save_numchild(self):
        """Add the children handed out to the parent's numchild (one UPDATE)."""
        from django.db.models import F

        self.model.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.count)
        self.count = 0
