from care.models.register import CareRole, CareTag, CareTagType
from care.models.visits import NotSeenAlarm, Visit, VisitPlan

__all__ = ["CareRole", "CareTag", "CareTagType", "NotSeenAlarm", "Visit", "VisitPlan"]
