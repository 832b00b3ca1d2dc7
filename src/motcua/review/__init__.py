"""Review and simplification of procedures (rà soát, đơn giản hóa TTHC) with compliance cost (chi
phí tuân thủ).
"""
