"""Names of the API schema's enums where two choice sets would otherwise collide (drf-spectacular
ENUM_NAME_OVERRIDES): one name per choice set, stable for API clients."""

ENUM_NAME_OVERRIDES = {
    "ResidencyStatusEnum": "communities.models.Residency.Status",
    "ResidencyRelationEnum": "communities.models.Residency.Relation",
    "ResidenceTypeEnum": "communities.models.Residency.ResidenceType",
    "VisitCheckEnum": "care.models.Visit.Check",
    "DisputeKindEnum": "care.models.Dispute.Kind",
    "DisputeStatusEnum": "care.models.Dispute.Status",
    "DisputeClosingStatusEnum": "care.api.work_serializers.CLOSING_STATUSES",
    "DisputeLevelEnum": "care.models.Dispute.Level",
    "DisputePartySideEnum": "care.models.DisputeParty.Side",
    "CounsellingStatusEnum": "care.models.CounsellingBooking.Status",
    "LegalConsultationTopicEnum": "care.models.LegalConsultation.Topic",
    "ServiceRequestKindEnum": "care.models.ServiceRequest.Kind",
    "ServiceRequestStatusEnum": "care.models.ServiceRequest.Status",
    "ServiceRequestProgressEnum": "care.api.work_serializers.PROGRESS_STATUSES",
}
