"""What a school is, independent of row ids: printed by a second install (a subprocess)
and compared with the first. Run as `python -m tests.ops.describe_school SLUG`."""

import json
import re
import sys

PAGE_LINK = re.compile(r'linktype="page" id="(\d+)"')
IMAGE_EMBED = re.compile(r'embedtype="image" id="(\d+)"')


def describe(slug):
    from django.contrib.auth import get_user_model

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageLogEntry, Revision

    from cms.ops.backup import sha256_of
    from sites.models import School, SchoolSettings

    school = School.objects.get(slug=slug)
    home = school.home_page
    pages = list(Page.objects.descendant_of(home, inclusive=True).order_by("path").specific())
    slug_of = {p.pk: p.slug for p in pages}
    images = get_image_model().objects.filter(collection=school.collection)
    documents = get_document_model().objects.filter(collection=school.collection)
    image_title = {i.pk: i.title for i in images}
    document_title = {d.pk: d.title for d in documents}

    def links(page):
        """The pages and images a page's body points at, by slug and title."""
        body = getattr(page, "body", None) or []
        text = " ".join(b.value.source for b in body if hasattr(b.value, "source"))
        return {
            "pages": sorted(slug_of.get(int(i), "?") for i in PAGE_LINK.findall(text)),
            "images": sorted(image_title.get(int(i), "?") for i in IMAGE_EMBED.findall(text)),
            "blocks": [
                image_title.get(b.value["image"].pk)
                if b.block_type == "image"
                else document_title.get(b.value["document"].pk)
                for b in body
                if b.block_type in ("image", "document")
            ],
        }

    settings = SchoolSettings.for_site(school.site)
    return {
        "school": [school.name, school.level, school.office.domain],
        "pages": [
            [
                p.depth - home.depth,
                p.slug,
                p.title,
                type(p).__name__,
                p.live,
                [
                    [r.content.get("title"), r.user.username if r.user else None]
                    for r in Revision.page_revisions.filter(object_id=str(p.pk)).order_by("pk")
                ],
                links(p),
            ]
            for p in pages
        ],
        "log": sorted(
            [e.action, e.timestamp.isoformat(), e.page.slug]
            for e in PageLogEntry.objects.filter(page__in=[p.pk for p in pages])
            .exclude(action__in=["wagtail.create"])
            .select_related("page")
        ),
        "images": sorted([i.title, sha256_of(i.file.open("rb"))] for i in images),
        "documents": sorted([d.title, sha256_of(d.file.open("rb"))] for d in documents),
        "settings": [settings.motto, image_title.get(settings.logo_id)],
        "users": sorted(
            get_user_model()
            .objects.filter(groups__school_role__school=school)
            .values_list("username", flat=True)
            .distinct()
        ),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(describe(sys.argv[1]), ensure_ascii=False))
