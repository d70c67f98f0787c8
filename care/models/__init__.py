from care.models.register import CareRole, CareTag, CareTagType

__all__ = ["CareRole", "CareTag", "CareTagType"]
