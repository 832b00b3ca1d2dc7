"""The sandbox gateway: a payment gateway inside motcua, modelled on VNPay's public protocol.

- :mod:`.signing` — HMAC-SHA512 over the sorted, URL-encoded ``vnp_*`` parameters;
- :mod:`.provider` — the merchant side (motcua): payment URL, callback checks, refunds;
- :mod:`.gateway` and :mod:`.views` — the "bank": order page, confirm/cancel, IPN, refund API;
- :mod:`.models` — the gateway's own ledger (never read by motcua's payment code).
"""
