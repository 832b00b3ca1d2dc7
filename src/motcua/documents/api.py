"""REST API of documents: component files and digitisation, a dossier's documents, e-results,
verification of a PDF, the applicant's document store, permission-checked downloads.

Errors are JSON ``{code, message (Vietnamese), errors}`` (:mod:`motcua.api.errors`).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import ApiError
from motcua.documents import selectors, services, validation
from motcua.documents.models import (
    DigitisedDocument,
    ElectronicResult,
    NotScanned,
    Source,
    StoredFile,
    Variant,
)
from motcua.documents.views import file_response, public_base_url
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.selectors import visible_dossiers

TAGS = ["documents"]


class DocumentsView(APIView):
    """Base of the documents API (DocumentError becomes JSON in motcua.api.errors)."""

    permission_classes = [IsAuthenticated]

    def dossier(self, pk: int) -> Dossier:
        qs = visible_dossiers(self.request.user, timezone.localdate())
        return get_object_or_404(qs, pk=pk)

    def component(self, pk: int, cid: int) -> DossierComponent:
        return get_object_or_404(DossierComponent, pk=cid, dossier=self.dossier(pk))


# --- serializers -----------------------------------------------------------------------------


class FileSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()
    name = serializers.CharField(source="original_name")

    class Meta:
        model = StoredFile
        fields = [
            "id",
            "name",
            "kind",
            "content_type",
            "size",
            "sha256",
            "pages",
            "created_at",
            "note",
            "download",
        ]

    def get_download(self, f: StoredFile) -> str:
        return reverse("documents:download", args=[f.pk])


def _component(v: selectors.ComponentView) -> dict:
    dig = v.digitisation
    return {
        "id": v.component.pk,
        "name": v.component.name,
        "copy_type": v.component.copy_type,
        "state": v.state,
        "state_label": v.state_label,
        "settled": v.settled,
        "not_scanned": dig.not_scanned if dig else "",
        "source": dig.source if dig else "",
        "pages": v.pages,
        "certified_by": dig.certified_name if dig else "",
        "certified_at": dig.certified_at if dig else None,
        "files": [
            {**FileSerializer(link.file).data, "order": link.order, "variant": link.variant}
            for link in v.files
        ],
        "reused_document": v.reuse.document_id if v.reuse else None,
        "portal_flags": selectors.portal_flags(v),
    }


def _e_result(e: ElectronicResult) -> dict:
    return {
        "code": e.code,
        "title": e.result.title,
        "issued_at": e.issued_at,
        "agency": e.agency.code,
        "signer_subject": e.signer_subject,
        "signer_issuer": e.signer_issuer,
        "signed_at": e.signed_at,
        "template": e.template,
        "revoked_at": e.revoked_at,
        "file": FileSerializer(e.file).data,
        "verification_url": reverse("documents:verify-code", args=[e.code]),
    }


def _document(doc: DigitisedDocument) -> dict:
    source = doc.source_component or doc.source_result
    return {
        "id": doc.pk,
        "kind": doc.kind,
        "title": doc.title,
        "code": doc.code,
        "issuer": doc.issuer,
        "created_at": doc.created_at,
        "source_dossier": source.dossier.code if source else None,
        "files": FileSerializer(selectors.document_files(doc), many=True).data,
        "reuse_count": getattr(doc, "reuse_count", None),
    }


def _summary(s: selectors.DigitisationSummary) -> dict:
    return {
        "total": s.total,
        "digitised": s.digitised,
        "reused": s.reused,
        "not_scanned": s.not_scanned,
        "pending": s.pending,
        "fully_digitised": s.fully_digitised,
        "HoSoCoThanhPhanSoHoa": int(s.any_digitised),
    }


OBJECT = OpenApiTypes.OBJECT


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, JPEG hoặc PNG (kiểm tra theo nội dung)")
    source = serializers.ChoiceField(
        choices=[Source.SCAN_AT_COUNTER.value, Source.UPLOAD.value],
        default=Source.SCAN_AT_COUNTER.value,
    )
    variant = serializers.ChoiceField(choices=Variant.values, default="", required=False)


class CertifySerializer(serializers.Serializer):
    pages = serializers.IntegerField(
        min_value=1, required=False, help_text="Số trang của bản giấy (đối chiếu số trang đã quét)"
    )


class NotScannedSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=NotScanned.values)
    national_doc_code = serializers.CharField(max_length=60, required=False, allow_blank=True)


class ReuseSerializer(serializers.Serializer):
    document = serializers.IntegerField(help_text="id giấy tờ trong kho của chủ hồ sơ")


class IssueSerializer(serializers.Serializer):
    result_code = serializers.CharField(
        required=False, help_text="Mã kết quả; mặc định kết quả mới nhất chưa có bản điện tử"
    )


class VerifySerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp PDF kết quả điện tử")


def _valid(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    if not s.is_valid():
        raise ApiError("invalid", "Dữ liệu không hợp lệ.", s.errors)
    return s.validated_data


# --- views -----------------------------------------------------------------------------------


class DossierDocuments(DocumentsView):
    @extend_schema(
        tags=TAGS,
        summary="Giấy tờ của hồ sơ: số hóa từng thành phần, tệp, kết quả điện tử",
        responses=OBJECT,
    )
    def get(self, request, pk: int):
        d = self.dossier(pk)
        views = selectors.component_views(d)
        return Response(
            {
                "dossier": d.code or d.submission_ref,
                "summary": _summary(selectors.digitisation_summary(d, views)),
                "components": [_component(v) for v in views],
                "e_results": [_e_result(e) for e in selectors.e_results(d)],
            }
        )


def _component_response(c: DossierComponent) -> Response:
    view = next(v for v in selectors.component_views(c.dossier) if v.component.pk == c.pk)
    return Response(_component(view))


class ComponentFiles(DocumentsView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Tải lên / quét một tệp cho thành phần hồ sơ",
        request={"multipart/form-data": UploadSerializer},
        responses={201: OBJECT},
    )
    def post(self, request, pk: int, cid: int):
        c = self.component(pk, cid)
        data = _valid(UploadSerializer, request.data)
        upload = data["file"]
        link = services.add_component_file(
            c,
            validation.read_upload(upload),
            name=upload.name,
            user=request.user,
            now=timezone.now(),
            source=data["source"],
            variant=data.get("variant", ""),
        )
        body = {**FileSerializer(link.file).data, "order": link.order, "variant": link.variant}
        body["warnings"] = [link.file.note] if link.file.note else []
        return Response(body, status=201)


class ComponentCertify(DocumentsView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Đánh dấu đã số hóa và xác nhận bản số hóa",
        request=CertifySerializer,
        responses=OBJECT,
    )
    def post(self, request, pk: int, cid: int):
        c = self.component(pk, cid)
        data = _valid(CertifySerializer, request.data)
        services.certify_component(
            c, user=request.user, now=timezone.now(), pages=data.get("pages")
        )
        return _component_response(c)


class ComponentNotScanned(DocumentsView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Không số hóa: chỉ xuất trình, có trong CSDL quốc gia, tài liệu mật",
        request=NotScannedSerializer,
        responses=OBJECT,
    )
    def post(self, request, pk: int, cid: int):
        c = self.component(pk, cid)
        data = _valid(NotScannedSerializer, request.data)
        services.mark_not_scanned(
            c,
            reason=data["reason"],
            national_doc_code=data.get("national_doc_code", ""),
            user=request.user,
            now=timezone.now(),
        )
        return _component_response(c)


class ComponentReuse(DocumentsView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Tái sử dụng giấy tờ trong kho của chủ hồ sơ",
        request=ReuseSerializer,
        responses=OBJECT,
    )
    def post(self, request, pk: int, cid: int):
        c = self.component(pk, cid)
        data = _valid(ReuseSerializer, request.data)
        doc = get_object_or_404(DigitisedDocument, pk=data["document"])
        services.reuse_document(c, doc, user=request.user, now=timezone.now())
        return _component_response(c)


class ComponentReopen(DocumentsView):
    @extend_schema(
        tags=TAGS, summary="Mở lại thành phần để số hóa lại", request=None, responses=OBJECT
    )
    def post(self, request, pk: int, cid: int):
        c = self.component(pk, cid)
        services.reopen_component(c, user=request.user, now=timezone.now())
        return _component_response(c)


class IssueResult(DocumentsView):
    parser_classes = [JSONParser]

    @extend_schema(
        tags=TAGS,
        summary="Phát hành kết quả điện tử (ký số PAdES của cơ quan giải quyết)",
        request=IssueSerializer,
        responses={201: OBJECT},
    )
    def post(self, request, pk: int):
        d = self.dossier(pk)
        data = _valid(IssueSerializer, request.data)
        e = services.issue_electronic_result(
            d,
            user=request.user,
            now=timezone.now(),
            base_url=public_base_url(request),
            result_code=data.get("result_code"),
        )
        return Response(_e_result(e), status=201)


def verification_body(v: selectors.Verification) -> dict:
    sig = v.signature
    check = v.check
    return {
        "verdict": v.verdict,
        "verdict_label": selectors.VERDICT_LABELS.get(v.verdict, ""),
        "message": v.message,
        "notes": v.notes,
        "sha256": check.sha256 if check else None,
        "size": check.size if check else None,
        "signatures": [
            {
                "field": s.field,
                "intact": s.intact,
                "valid": s.valid,
                "trusted": s.trusted,
                "covers_whole_file": s.whole_file,
                "signer": s.signer_name,
                "signer_subject": s.signer_subject,
                "issuer_subject": s.issuer_subject,
                "signed_at": s.signed_at,
            }
            for s in (check.signatures if check else [])
        ],
        "signer": sig.signer_subject if sig else None,
        "match": v.match or None,
        "result": selectors.public_facts(v.result) if v.result else None,
    }


class Verify(DocumentsView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Xác thực tệp PDF kết quả điện tử (công khai)",
        description=(
            "Kiểm tra chữ ký số (còn nguyên vẹn, người ký, thời điểm ký), mã SHA-256 của tệp "
            "và kết quả đã đăng ký mà tệp khớp. verdict: valid, modified, untrusted, unsigned, "
            "unregistered, revoked, not_pdf."
        ),
        request={"multipart/form-data": VerifySerializer},
        responses=inline_serializer(
            "Verification",
            {
                "verdict": serializers.CharField(),
                "message": serializers.CharField(),
                "sha256": serializers.CharField(),
                "signer": serializers.CharField(),
                "result": serializers.DictField(),
            },
        ),
    )
    def post(self, request):
        data = _valid(VerifySerializer, request.data)
        v = selectors.verify_document(validation.read_upload(data["file"]))
        return Response(verification_body(v))


class ApplicantStore(DocumentsView):
    @extend_schema(
        tags=TAGS,
        summary="Kho dữ liệu điện tử của chủ hồ sơ (theo số định danh / mã số thuế)",
        description="Chỉ cán bộ tiếp nhận và quản trị hệ thống (tạm thời).",
        responses=OBJECT,
    )
    def get(self, request, id_number: str):
        if not selectors.may_read_store(request.user, timezone.localdate()):
            raise ApiError(
                "permission_denied",
                "Chỉ cán bộ tiếp nhận được tra cứu kho dữ liệu của tổ chức, cá nhân.",
                status_code=403,
            )
        docs = selectors.applicant_store(id_number)[:200]
        return Response({"id_number": id_number, "documents": [_document(doc) for doc in docs]})


class FileDownload(DocumentsView):
    @extend_schema(
        tags=TAGS,
        summary="Tải tệp (kiểm tra quyền theo hồ sơ)",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def get(self, request, file_id):
        f = get_object_or_404(StoredFile, pk=file_id)
        if not selectors.can_download(request.user, f, timezone.localdate()):
            raise ApiError(
                "permission_denied", "Bạn không có quyền tải tài liệu này.", status_code=403
            )
        return file_response(f, private=True)
