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


# --- how a person is shown ---------------------------------------------------------------------
# One rule for every page, export and API that shows a person to someone else. A person with no
# real name and no display name is shown by their masked phone, never as nothing.


def name_for_others(person) -> str:
    """How a person appears to other residents (boards, comments, wishes, electorates).

    The display name they chose to be shown by ("Shown to other residents instead of your real
    name"), else their masked real name (张**), else their masked phone (138****5678).
    """
    if person.display_name:
        return person.display_name
    if person.real_name:
        return mask_name(person.real_name)
    return mask_phone(person.phone)


def name_in_full(person) -> str:
    """How a person appears to those who deal with them: staff and handlers (attendance lists,
    exports for prize hand-out), their own household, and officials on a public board.

    The real name, else the display name, else the masked phone (never nothing); the phone is
    shown in full only where a page shows it separately to those who need it.
    """
    return person.real_name or person.display_name or mask_phone(person.phone)
