"""Shared helpers for the editing tests: admin form posts and school pages."""

import datetime

from django.urls import reverse

from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from home.models import NewsPage, ProfessionalDocumentPage


def section(school, slug):
    return school.home_page.get_children().get(slug=slug).specific


def news_form_data(title="Tin hội giảng", slug="tin-hoi-giang", body_text="", **extra):
    paragraphs = "".join(f"<p>{line}</p>" for line in body_text.splitlines())
    body = streamfield([("paragraph", rich_text(paragraphs))]) if body_text else streamfield([])
    data = {
        "title": title,
        "slug": slug,
        "date": datetime.date.today().isoformat(),
        "category": "hoat-dong-nha-truong",
        "summary": "Tóm tắt.",
        "body": body,
        "attachments": streamfield([]),
        "comments": inline_formset([]),
        "gallery_photos": inline_formset([]),
    }
    for name in ("body", "attachments"):
        if isinstance(extra.get(name), list):
            extra[name] = streamfield(extra[name])
    data.update(extra)
    return nested_form_data(data)


def create_news_via_admin(client, school, action, **kwargs):
    index = section(school, "tin-tuc")
    url = reverse("wagtailadmin_pages:add", args=("home", "newspage", index.pk))
    data = news_form_data(**kwargs)
    data[action] = "1"
    return client.post(url, data)


def draft_news(school, user, title="Tin thử nghiệm", **fields):
    index = section(school, "tin-tuc")
    page = NewsPage(title=title, live=False, owner=user, **fields)
    index.add_child(instance=page)
    page.save_revision(user=user)
    return page


def draft_professional_document(school, user, title="Kế hoạch dạy học môn Toán", document=None):
    from tests.factories import DocumentFactory

    index = section(school, "chuyen-mon")
    document = document or DocumentFactory(collection=school.collection)
    page = ProfessionalDocumentPage(
        title=title,
        kind="ke-hoach-day-hoc",
        subject="Toán",
        live=False,
        owner=user,
        document=document,
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    return page


def workflow_action(client, page, action, comment="", **extra):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment, **extra})
