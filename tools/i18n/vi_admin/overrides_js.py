"""Admin JS strings Wagtail's vi catalogue translates wrongly or inconsistently."""

DOMAIN = "djangojs"

TRANSLATIONS = {
    "Are you sure?": "Bạn có chắc không?",
    "Cancel": "Huỷ",
    "Dashboard": "Bảng điều khiển",
    "Delete error": "Lỗi khi xoá",
    "Edit": "Sửa",
    "Edit '%(title)s'": "Sửa '%(title)s'",
    "Loading…": "Đang tải…",
    "Save error": "Lỗi khi lưu",
    "Server Error": "Lỗi máy chủ",
    "Settings": "Cài đặt",
    "Show error": "Xem lỗi",
}
