from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "motcua.directory"
    label = "directory"
    verbose_name = "Danh bạ: đơn vị, cơ quan, cán bộ"
