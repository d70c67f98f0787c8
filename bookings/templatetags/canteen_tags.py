from django import template

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """1500 -> "15.00": amounts are kept in fen and shown in yuan."""
    return f"{int(fen or 0) / 100:.2f}"
