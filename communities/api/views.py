"""REST API of the communities app: thin views over selectors, services and the scope."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from communities import selectors, services
from communities.api.serializers import (
    ClaimRequestSerializer,
    HouseholdSerializer,
    NodeQuerySerializer,
    NodeSerializer,
    PendingClaimSerializer,
    PostSerializer,
    RejectRequestSerializer,
    ResidencySerializer,
)
from communities.models import Household, Node, Post, Residency
from communities.scoping import ScopedAPIMixin, scope_for_user


class NodeListView(ScopedAPIMixin, generics.ListAPIView):
    """Places of the caller's area: the top of it, the children of `parent`, or a search."""

    serializer_class = NodeSerializer
    queryset = Node.objects.all()
    scope_node_field = ""

    @extend_schema(
        summary="Places of my area (scoped)",
        parameters=[NodeQuerySerializer],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        nodes = super().get_queryset()
        query = NodeQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params.get("q", "").strip():
            q = params["q"].strip()
            return nodes.filter(Q(name__icontains=q) | Q(code__startswith=q)).order_by("path")
        if params.get("parent"):
            return nodes.filter(parent_id=params["parent"]).order_by("code")
        roots = scope_for_user(self.request.user).roots
        return nodes.filter(pk__in=[r.pk for r in roots]).order_by("path")


class NodeDetailView(APIView):
    @extend_schema(responses=NodeSerializer, summary="One place of my area")
    def get(self, request, pk: int):
        return Response(NodeSerializer(selectors.node_get_for_user(user=request.user, pk=pk)).data)


class MyHouseholdsView(generics.ListAPIView):
    """The caller's links to households: approved, waiting and past ones."""

    serializer_class = ResidencySerializer
    queryset = Residency.objects.none()

    @extend_schema(summary="My households and claims")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.residencies_of_user(self.request.user)


class MyPostsView(generics.ListAPIView):
    serializer_class = PostSerializer
    queryset = Post.objects.none()

    @extend_schema(summary="My current posts")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.posts_of_user(self.request.user)


class BuildingSearchView(generics.ListAPIView):
    """Buildings a resident can claim a home in (names and addresses are public)."""

    serializer_class = NodeSerializer
    queryset = Node.objects.none()

    @extend_schema(
        summary="Find a building to claim a household in",
        parameters=[OpenApiParameter("q", str, description="Compound or building name")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = self.request.query_params.get("q", "").strip()
        if not query:
            return Node.objects.none()
        return selectors.claimable_buildings(query=query, limit=100)


class BuildingHouseholdsView(generics.ListAPIView):
    serializer_class = HouseholdSerializer
    queryset = Household.objects.none()

    @extend_schema(summary="Rooms of a building, to claim one")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        building = generics.get_object_or_404(Node, pk=self.kwargs["pk"], kind=Node.Kind.BUILDING)
        return selectors.households_for_claim(building=building)


class ClaimCreateView(APIView):
    @extend_schema(
        request=ClaimRequestSerializer,
        responses={201: ResidencySerializer},
        summary="Claim a household (waits for the captain or community staff)",
    )
    def post(self, request):
        data = ClaimRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        residency = services.household_claim(user=request.user, **data.validated_data)
        return Response(ResidencySerializer(residency).data, status=status.HTTP_201_CREATED)


class PendingClaimsView(generics.ListAPIView):
    serializer_class = PendingClaimSerializer
    queryset = Residency.objects.none()

    @extend_schema(summary="Claims waiting for me (captains and staff, scoped)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.claims_pending_for_user(user=self.request.user)


class ClaimApproveView(APIView):
    @extend_schema(request=None, responses=ResidencySerializer, summary="Approve a claim")
    def post(self, request, pk: int):
        residency = selectors.residency_get_for_user(user=request.user, pk=pk)
        residency = services.residency_approve(actor=request.user, residency=residency)
        return Response(ResidencySerializer(residency).data)


class ClaimRejectView(APIView):
    @extend_schema(
        request=RejectRequestSerializer, responses=ResidencySerializer, summary="Reject a claim"
    )
    def post(self, request, pk: int):
        data = RejectRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        residency = selectors.residency_get_for_user(user=request.user, pk=pk)
        residency = services.residency_reject(
            actor=request.user, residency=residency, reason=data.validated_data["reason"]
        )
        return Response(ResidencySerializer(residency).data)


class InvitationAcceptView(APIView):
    @extend_schema(
        request=None,
        responses=ResidencySerializer,
        summary="Confirm a household an import listed me in (see households/mine)",
    )
    def post(self, request, pk: int):
        residency = selectors.invitation_get_for_user(user=request.user, pk=pk)
        residency = services.residency_invitation_accept(user=request.user, residency=residency)
        return Response(ResidencySerializer(residency).data)


class InvitationDeclineView(APIView):
    @extend_schema(
        request=None,
        responses=ResidencySerializer,
        summary="Decline a household an import listed me in",
    )
    def post(self, request, pk: int):
        residency = selectors.invitation_get_for_user(user=request.user, pk=pk)
        residency = services.residency_invitation_decline(user=request.user, residency=residency)
        return Response(ResidencySerializer(residency).data)
