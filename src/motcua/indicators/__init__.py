"""Decision 766/QĐ-TTg indicators (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ
người dân, doanh nghiệp), rollups and plan targets.
"""
