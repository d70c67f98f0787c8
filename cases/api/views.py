"""The portal's own cases API (for the app): one view per operation, calling services."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import selectors, services
from cases.api import serializers as s
from cases.models import Case, Category
from communities.scoping import require_managing_scope, scope_for_user


class CategoryListView(generics.ListAPIView):
    """Categories a case can be filed under (the leaves), with their deadlines."""

    serializer_class = s.CategorySerializer
    pagination_class = None
    queryset = Category.objects.none()

    def get_queryset(self):
        return selectors.leaf_categories()


class MyCaseListView(generics.ListAPIView):
    """My reports (and the originals my merged duplicates follow)."""

    serializer_class = s.CaseListSerializer
    queryset = Case.objects.none()

    def get_queryset(self):
        return selectors.cases_of_reporter(user=self.request.user)


class AssignedCaseListView(generics.ListAPIView):
    """Open cases assigned to my posts (captains, grid workers, staff)."""

    serializer_class = s.CaseListSerializer
    queryset = Case.objects.none()

    def get_queryset(self):
        return selectors.cases_assigned_to(user=self.request.user)


class BoardCaseListView(generics.ListAPIView):
    """Cases in my area (staff), filtered by state, category, place and overdue."""

    serializer_class = s.CaseListSerializer
    queryset = Case.objects.none()

    @extend_schema(parameters=[s.BoardQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        scope = require_managing_scope(self.request.user)
        query = s.BoardQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        category = node = None
        if params.get("category"):
            category = Category.objects.filter(pk=params["category"]).first()
            if category is None:
                raise Http404
        if params.get("node"):
            node = scope.places().filter(pk=params["node"]).first()
            if node is None:
                raise Http404
        return selectors.cases_board(
            user=self.request.user,
            state=params.get("state", ""),
            category=category,
            node=node,
            overdue=params["overdue"],
        )


class CaseReportView(APIView):
    """File a report (multipart for photos)."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=s.ReportInputSerializer, responses={201: s.CaseDetailSerializer})
    def post(self, request):
        data = s.ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if hasattr(request.data, "getlist"):
            values["photos"] = request.FILES.getlist("photos")
        case = services.case_report(reporter=request.user, source=Case.Source.API, **values)
        case = selectors.case_get_for_user(user=request.user, pk=case.pk)
        body = s.CaseDetailSerializer(case, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class CaseDetailView(APIView):
    @extend_schema(responses=s.CaseDetailSerializer)
    def get(self, request, pk: int):
        case = selectors.case_get_for_user(user=request.user, pk=pk)
        return Response(s.CaseDetailSerializer(case, context={"request": request}).data)


class _CaseActionView(APIView):
    """POST one action on a case; the service decides whether it is allowed."""

    input_serializer = s.NoteInputSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def perform(self, *, user, case, data, request):  # pragma: no cover - overridden
        raise NotImplementedError

    def post(self, request, pk: int):
        case = selectors.case_get_for_user(user=request.user, pk=pk)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.perform(user=request.user, case=case, data=data.validated_data, request=request)
        case = selectors.case_get_for_user(user=request.user, pk=pk)
        return Response(s.CaseDetailSerializer(case, context={"request": request}).data)


@extend_schema_view(
    post=extend_schema(request=s.NoteInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseAcceptView(_CaseActionView):
    """立案: accept the case."""

    input_serializer = s.NoteInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_accept(actor=user, case=case, note=data["note"])


@extend_schema_view(
    post=extend_schema(request=s.ReasonInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseRejectView(_CaseActionView):
    """不予立案 with a reason."""

    input_serializer = s.ReasonInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_reject(actor=user, case=case, reason=data["note"])


@extend_schema_view(
    post=extend_schema(request=s.DispatchInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseDispatchView(_CaseActionView):
    """派遣 to a post or a co-building unit."""

    input_serializer = s.DispatchInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_dispatch(
            actor=user, case=case, post=data.get("post"), unit=data.get("unit"), note=data["note"]
        )


@extend_schema_view(
    post=extend_schema(request=s.NoteInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseStartView(_CaseActionView):
    """Start (or resume) handling."""

    input_serializer = s.NoteInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_start(actor=user, case=case, note=data["note"])


@extend_schema_view(
    post=extend_schema(request=s.ReasonInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseReturnView(_CaseActionView):
    """退回: not ours, with a reason."""

    input_serializer = s.ReasonInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_return(actor=user, case=case, reason=data["note"])


@extend_schema_view(
    post=extend_schema(request=s.ReasonInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseHoldView(_CaseActionView):
    """挂账 with a written explanation."""

    input_serializer = s.ReasonInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_hold(actor=user, case=case, explanation=data["note"])


@extend_schema_view(
    post=extend_schema(request=s.SubmitInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseSubmitView(_CaseActionView):
    """处置反馈: the result with photos (multipart)."""

    input_serializer = s.SubmitInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_submit(
            actor=user, case=case, result=data["note"], photos=request.FILES.getlist("photos")
        )


@extend_schema_view(
    post=extend_schema(request=s.VerifyInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseVerifyView(_CaseActionView):
    """核查: on-site check by someone other than the handler."""

    input_serializer = s.VerifyInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_verify(actor=user, case=case, passed=data["passed"], note=data["note"])


@extend_schema_view(
    post=extend_schema(request=s.RateInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseRateView(_CaseActionView):
    """评价 by the reporter; unsatisfied within 7 days may reopen."""

    input_serializer = s.RateInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_rate(
            actor=user,
            case=case,
            satisfaction=data["satisfaction"],
            comment=data["comment"],
            reopen=data["reopen"],
        )


@extend_schema_view(
    post=extend_schema(request=s.NoteInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseReopenView(_CaseActionView):
    """重新打开 by the reporter after an unsatisfied rating."""

    input_serializer = s.NoteInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_reopen(actor=user, case=case, note=data["note"])


@extend_schema_view(
    post=extend_schema(request=s.MergeInputSerializer, responses=s.CaseDetailSerializer)
)
class CaseMergeView(_CaseActionView):
    """Merge this duplicate into its original."""

    input_serializer = s.MergeInputSerializer

    def perform(self, *, user, case, data, request):
        services.case_merge(
            actor=user, case=case, into=selectors.case_get_for_user(user=user, pk=data["into"])
        )


class IndicatorsView(APIView):
    """Indicators of a place in my area for a period (local dates, inclusive)."""

    @extend_schema(parameters=[s.IndicatorQuerySerializer], responses=s.IndicatorSerializer)
    def get(self, request):
        require_managing_scope(request.user)
        query = s.IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        node = scope_for_user(request.user).places().filter(pk=query.validated_data["node"]).first()
        if node is None:
            raise Http404
        report = selectors.indicators_report(
            node=node, start=query.validated_data["start"], end=query.validated_data["end"]
        )
        return Response(s.IndicatorSerializer(report["total"]).data)
