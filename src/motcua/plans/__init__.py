"""Yearly control plans (kế hoạch) as tracked tasks, and inspections (kiểm tra)."""
