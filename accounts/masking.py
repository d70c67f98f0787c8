"""Personal-data masking (PIPL): show only what the viewer needs."""


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678."""
    if not phone or len(phone) < 7:
        return phone or ""
    return f"{phone[:3]}****{phone[-4:]}"


def mask_id_number(id_number: str) -> str:
    """440308199001011234 -> 440308********1234."""
    if not id_number or len(id_number) < 10:
        return "*" * len(id_number or "")
    return f"{id_number[:6]}{'*' * (len(id_number) - 10)}{id_number[-4:]}"


def mask_name(name: str) -> str:
    """张三丰 -> 张**; used where a name is shown to other residents."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)
