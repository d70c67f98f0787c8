from care.models.advice import AdviserSession, CounsellingBooking, LegalConsultation
from care.models.mediation import Dispute, DisputeFollowUp, DisputeParty, MediationSession
from care.models.register import CareRole, CareTag, CareTagType
from care.models.requests import ServiceRequest, ServiceRequestUpdate
from care.models.visits import NotSeenAlarm, Visit, VisitPlan

__all__ = [
    "AdviserSession",
    "CareRole",
    "CareTag",
    "CareTagType",
    "CounsellingBooking",
    "Dispute",
    "DisputeFollowUp",
    "DisputeParty",
    "LegalConsultation",
    "MediationSession",
    "NotSeenAlarm",
    "ServiceRequest",
    "ServiceRequestUpdate",
    "Visit",
    "VisitPlan",
]
