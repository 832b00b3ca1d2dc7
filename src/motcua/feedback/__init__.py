"""Citizens' feedback and petitions on administrative regulations (phản ánh, kiến nghị — Nghị định
20/2008/NĐ-CP).
"""
