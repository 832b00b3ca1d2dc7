"""Periodic reports (báo cáo định kỳ): Biểu 06/VPCP/KSTT and the narrative reports, as XLSX, PDF
and DOCX.
"""
