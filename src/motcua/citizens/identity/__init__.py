"""Identity provider plug-ins (đăng nhập bằng định danh điện tử, e.g. VNeID over OpenID Connect)."""
