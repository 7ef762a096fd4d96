"""Each office's images and documents live in the office's own collection.

Offices provisioned before office collections existed kept their media in the root
collection, where every ward's staff reached them. `adopt_office_media` (run by
migration 0014, written against the historical models it is given) gives each office a
collection and moves into it the root's media whose owner is knowable: used (Wagtail's
reference index) by one office's portal pages or portal settings only. Media used by
several tenants, by none, or by schools stay in the root, which only superusers (and the
top office) reach (sites.permissions.media_collection_ids).
"""

from collections import defaultdict

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def office_collection_name(office_name):
    return f"Tư liệu – {office_name}"[:255]


def _encode(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _add_child(Collection, parent, name):
    """treebeard's add_child, by hand: historical models have no tree methods."""
    last = (
        Collection.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(
        name=name, path=parent.path + _encode(number), depth=parent.depth + 1, numchild=0
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    return child


def _content_type(ContentType, app_label, model):
    return ContentType.objects.filter(app_label=app_label, model=model).first()


def adopt_office_media(apps):
    Collection = apps.get_model("wagtailcore", "Collection")
    Office = apps.get_model("sites", "Office")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    for office in Office.objects.filter(collection__isnull=True).order_by("pk"):
        office.collection = _add_child(Collection, root, office_collection_name(office.name))
        office.save(update_fields=["collection"])
    _move_portal_media(apps, root)


def _move_portal_media(apps, root):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    Page = apps.get_model("wagtailcore", "Page")
    Office = apps.get_model("sites", "Office")
    SchoolSettings = apps.get_model("sites", "SchoolSettings")
    segment = STEPLEN * 2
    # Portal root path -> the office's collection id; site id -> portal root path.
    portals, site_roots = {}, {}
    for office_collection, site_id, path in Office.objects.filter(
        site__isnull=False, collection__isnull=False
    ).values_list("collection_id", "site_id", "site__root_page__path"):
        portals[path[:segment]] = office_collection
        site_roots[site_id] = path[:segment]
    if not portals:
        return
    page_type = _content_type(ContentType, "wagtailcore", "page")
    settings_type = _content_type(ContentType, "sites", "schoolsettings")
    for app_label, model_name in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        media_type = _content_type(ContentType, app_label, model_name)
        if media_type is None:
            continue
        Media = apps.get_model(app_label, model_name)
        in_root = {
            str(pk) for pk in Media.objects.filter(collection=root).values_list("pk", flat=True)
        }
        owners = defaultdict(set)  # media id -> {tree segment or "other"}
        refs = ReferenceIndex.objects.filter(
            to_content_type=media_type, to_object_id__in=in_root
        ).values_list("to_object_id", "base_content_type_id", "object_id")
        page_ids, settings_ids = defaultdict(set), defaultdict(set)
        for media_id, base_type, object_id in refs:
            if page_type is not None and base_type == page_type.pk:
                page_ids[object_id].add(media_id)
            elif settings_type is not None and base_type == settings_type.pk:
                settings_ids[object_id].add(media_id)
            else:
                owners[media_id].add("other")
        for page_id, path in Page.objects.filter(
            pk__in=[int(i) for i in page_ids if i.isdigit()]
        ).values_list("pk", "path"):
            for media_id in page_ids[str(page_id)]:
                owners[media_id].add(path[:segment])
        for settings_id, site_id in SchoolSettings.objects.filter(
            pk__in=[int(i) for i in settings_ids if i.isdigit()]
        ).values_list("pk", "site_id"):
            for media_id in settings_ids[str(settings_id)]:
                owners[media_id].add(site_roots.get(site_id, "other"))
        moves = defaultdict(list)
        for media_id, keys in owners.items():
            if len(keys) == 1 and next(iter(keys)) in portals:
                moves[portals[next(iter(keys))]].append(int(media_id))
        for collection_id, ids in moves.items():
            Media.objects.filter(pk__in=ids, collection=root).update(collection_id=collection_id)
