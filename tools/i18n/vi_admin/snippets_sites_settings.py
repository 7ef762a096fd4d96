"""wagtail.snippets, wagtail.sites, wagtail.contrib.settings."""

TRANSLATIONS = {
    # snippets
    "Wagtail snippets": "Đoạn nội dung Wagtail",
    "Delete selected snippets": "Xoá các đoạn nội dung đã chọn",
    "%(count)d %(model_name)s deleted.": "Đã xoá %(count)d %(model_name)s.",
    "Delete ": "Xoá ",
    "Are you sure you want to delete this %(snippet_type_name)s?": "Bạn có chắc muốn xoá %(snippet_type_name)s này?",
    "Are you sure you want to delete %(count)s %(snippet_type_name)s?": "Bạn có chắc muốn xoá %(count)s %(snippet_type_name)s?",
    "You don't have permission to delete this %(snippet_type_name)s": "Bạn không có quyền xoá %(snippet_type_name)s này",
    "You don't have permission to delete these %(snippet_plural_name)s": "Bạn không có quyền xoá các %(snippet_plural_name)s này",
    'Sorry, no snippets match "<em>%(search_query)s</em>"': 'Rất tiếc, không có đoạn nội dung nào khớp với "<em>%(search_query)s</em>"',
    'You haven\'t created any %(snippet_type_name)s snippets. Why not <a href="%(wagtailsnippets_create_snippet_url)s" target="_blank" rel="noreferrer">create one now</a>?': 'Bạn chưa tạo %(snippet_type_name)s nào. Hãy <a href="%(wagtailsnippets_create_snippet_url)s" target="_blank" rel="noreferrer">tạo ngay</a>.',
    "Replace current revision": "Thay phiên bản hiện tại",
    "Select all snippets in listing": "Chọn mọi đoạn nội dung trong danh sách",
    "Snippets": "Đoạn nội dung",
    "Instances": "Số mục",
    "Choose %(object)s": "Chọn %(object)s",
    "Choose another %(object)s": "Chọn %(object)s khác",
    # sites
    "Choose a root page": "Chọn trang gốc",
    "Choose a different root page": "Chọn trang gốc khác",
    "Add site": "Thêm trang web",
    "Site '%(object)s' created.": "Đã tạo trang web '%(object)s'.",
    "The site could not be saved due to errors.": "Không lưu được trang web vì có lỗi.",
    "Site '%(object)s' updated.": "Đã cập nhật trang web '%(object)s'.",
    "Site '%(object)s' deleted.": "Đã xoá trang web '%(object)s'.",
    "Delete site": "Xoá trang web",
    "Are you sure you want to delete this site?": "Bạn có chắc muốn xoá trang web này?",
    # settings
    "%(model)s permissions": "Quyền %(model)s",
    "%(site_setting)s for %(site)s": "%(site_setting)s của %(site)s",
}
