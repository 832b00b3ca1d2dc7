"""Errors as JSON: ``{"code": …, "message": <Vietnamese>, "errors": {field: [..]}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from motcua.catalog.services import CatalogError
from motcua.core.errors import DomainError

MESSAGES = {
    "not_authenticated": "Chưa đăng nhập hoặc thiếu mã xác thực (Authorization: Bearer <token>).",
    "authentication_failed": "Mã xác thực không hợp lệ.",
    "permission_denied": "Bạn không có quyền thực hiện thao tác này.",
    "not_found": "Không tìm thấy dữ liệu yêu cầu.",
    "method_not_allowed": "Phương thức không được hỗ trợ.",
    "throttled": "Quá nhiều yêu cầu, vui lòng thử lại sau.",
    "parse_error": "Dữ liệu gửi lên không đọc được (JSON không hợp lệ).",
    "unsupported_media_type": "Định dạng dữ liệu không được hỗ trợ.",
    "invalid": "Dữ liệu không hợp lệ.",
}


class ApiError(exceptions.APIException):
    """A domain error with a machine code and a Vietnamese message."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, message: str, errors: Any = None, status_code: int = 400):
        super().__init__(detail=message, code=code)
        self.code, self.message, self.errors, self.status_code = code, message, errors, status_code


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApiError):
        body = {"code": exc.code, "message": exc.message}
        if exc.errors is not None:
            body["errors"] = exc.errors
        return Response(body, status=exc.status_code)
    if isinstance(exc, DomainError):
        body = {"code": exc.code, "message": exc.message}
        if exc.errors is not None:
            body["errors"] = exc.errors
        return Response(body, status=exc.status)
    if isinstance(exc, CatalogError):
        return Response(
            {
                "code": "catalog_invalid",
                "message": "Dữ liệu danh mục không hợp lệ; không có gì được lưu.",
                "errors": [{"where": w, "message": m} for w, m in exc.errors],
            },
            status=400,
        )
    if isinstance(exc, DjangoValidationError):
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(
            {"code": "invalid", "message": MESSAGES["invalid"], "errors": errors}, status=400
        )
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "message": MESSAGES["invalid"], "errors": response.data}
        return response
    if isinstance(exc, Http404):
        code = "not_found"
    elif isinstance(exc, PermissionDenied):
        code = "permission_denied"
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = codes if isinstance(codes, str) else "error"
    detail = response.data.get("detail") if isinstance(response.data, dict) else None
    response.data = {"code": code, "message": MESSAGES.get(code, str(detail or code))}
    return response
