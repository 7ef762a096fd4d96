"""manage.py take_down_image <image-id> --reason "..." [--request N] [--user USERNAME]

For the office's operators: the same takedown as the principal's "Gỡ ảnh này"."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail.images import get_image_model

from home.photos.models import TakedownRequest
from home.photos.takedown import take_down, tell_requester


class Command(BaseCommand):
    help = (
        "Gỡ một ảnh khỏi mọi trang, bộ sưu tập, phiên bản, cỡ ảnh, bản tin, sơ đồ trang và "
        "chỉ mục tìm kiếm; giữ ảnh gốc trong kho cách ly riêng tư."
    )

    def add_arguments(self, parser):
        parser.add_argument("image_id", type=int)
        parser.add_argument("--reason", required=True, help="lý do gỡ (ghi vào nhật ký)")
        parser.add_argument("--request", type=int, help="số yêu cầu gỡ ảnh của phụ huynh")
        parser.add_argument("--user", help="tên đăng nhập người thực hiện (ghi vào nhật ký)")

    def handle(self, *args, image_id, reason, request=None, user=None, **options):
        reason = reason.strip()
        if not reason:
            raise CommandError("Cần ghi lý do gỡ ảnh (--reason).")
        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None:
            raise CommandError(f"Không có ảnh số {image_id} (có thể đã được gỡ).")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username__iexact=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{user}”.")
        case = None
        if request is not None:
            case = TakedownRequest.objects.filter(pk=request).first()
            if case is None:
                raise CommandError(f"Không có yêu cầu gỡ ảnh số {request}.")
        result = take_down(image, reason, actor, request=case)
        self.stdout.write(
            f"Đã gỡ ảnh {result.image_id} “{result.title}”: {len(result.pages)} trang, "
            f"{result.revisions} phiên bản, {result.files} tệp công khai đã xoá; ảnh gốc "
            f"trong kho cách ly đến {result.quarantined.erase_after:%d/%m/%Y}."
        )
        for page in result.pages:
            self.stdout.write(f"  - {page.title} ({page.url_path})")
        if case is not None and tell_requester(case):
            self.stdout.write("Đã báo người gửi yêu cầu qua thư điện tử.")
