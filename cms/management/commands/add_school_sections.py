"""Give schools made before them the protected sections they lack (idempotent)."""

from django.core.management.base import BaseCommand

from cms.schools.provisioning import ensure_school_sections
from sites.models import School


class Command(BaseCommand):
    help = "Tạo các mục cố định còn thiếu (Tuyển sinh, Lịch công tác, Hỏi đáp...) cho mọi trường."

    def handle(self, *args, **options):
        total = 0
        for school in School.objects.select_related("home_page").order_by("pk"):
            created = ensure_school_sections(school)
            total += len(created)
            if created:
                self.stdout.write(f"{school.name}: {', '.join(created)}")
        self.stdout.write(f"Đã tạo {total} mục.")
