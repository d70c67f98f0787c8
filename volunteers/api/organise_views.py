"""Organisers' API (team leaders, deputies, community staff): projects with their shifts,
changes, and cancelling a shift. Another team's project is a 404; writes go through services."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from volunteers import selectors, services
from volunteers.api import serializers as s
from volunteers.models import Project


def _project_out(project: Project) -> dict:
    shifts = selectors.project_shifts(project=project)
    return s.ProjectDetailOut(project, context={"shifts": shifts}).data


class ProjectListCreateView(generics.ListAPIView):
    serializer_class = s.ProjectListOut
    queryset = Project.objects.none()

    @extend_schema(summary="Projects I organise (my teams', and for staff their communities')")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.projects_organised_by(self.request.user)

    @extend_schema(
        request=s.ProjectIn,
        responses={201: s.ProjectDetailOut},
        summary="Publish a project with its shifts (all or nothing)",
    )
    def post(self, request):
        data = s.ProjectIn(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        team = values.pop("team", None)
        node = values.pop("node", None)
        project = services.project_create(
            actor=request.user,
            node=team.node if team else node,
            team=team,
            shifts=[dict(spec) for spec in values.pop("shifts")],
            **values,
        )
        return Response(_project_out(project), status=status.HTTP_201_CREATED)


class ProjectDetailView(APIView):
    @extend_schema(responses=s.ProjectDetailOut, summary="One project I organise, with its shifts")
    def get(self, request, pk: int):
        project = selectors.project_get_for_organiser(user=request.user, pk=pk)
        return Response(_project_out(project))

    @extend_schema(
        request=s.ProjectChangeIn,
        responses=s.ProjectDetailOut,
        summary="Change a project (fields not sent stay as they are)",
    )
    def patch(self, request, pk: int):
        project = selectors.project_get_for_organiser(user=request.user, pk=pk)
        data = s.ProjectChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = ("title", "description", "place", "starts_on", "ends_on", "skills_wanted")
        values = {name: getattr(project, name) for name in fields} | data.validated_data
        project = services.project_update(actor=request.user, project=project, **values)
        return Response(_project_out(project))


class ProjectShiftCreateView(APIView):
    @extend_schema(request=s.ShiftIn, responses={201: s.OrganiserShiftOut}, summary="Add a shift")
    def post(self, request, pk: int):
        project = selectors.project_get_for_organiser(user=request.user, pk=pk)
        data = s.ShiftIn(data=request.data)
        data.is_valid(raise_exception=True)
        shift = services.shift_create(actor=request.user, project=project, **data.validated_data)
        return Response(s.OrganiserShiftOut(shift).data, status=status.HTTP_201_CREATED)


class ShiftChangeView(APIView):
    @extend_schema(
        request=s.ShiftChangeIn,
        responses=s.OrganiserShiftOut,
        summary="Move or resize a shift (people on it are told of a new time)",
    )
    def patch(self, request, pk: int):
        shift = selectors.shift_get_for_organiser(user=request.user, pk=pk)
        data = s.ShiftChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = ("starts_at", "ends_at", "capacity", "cancel_cutoff_hours")
        values = {name: getattr(shift, name) for name in fields} | data.validated_data
        services.shift_update(actor=request.user, shift=shift, **values)
        shift = selectors.shift_get_for_organiser(user=request.user, pk=pk)
        return Response(s.OrganiserShiftOut(shift).data)


class ShiftCancelView(APIView):
    @extend_schema(
        request=s.ReasonIn,
        responses=s.OrganiserShiftOut,
        summary="Cancel a shift; everyone signed up or waiting is told why",
    )
    def post(self, request, pk: int):
        shift = selectors.shift_get_for_organiser(user=request.user, pk=pk)
        data = s.ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.shift_cancel(actor=request.user, shift=shift, reason=data.validated_data["reason"])
        shift = selectors.shift_get_for_organiser(user=request.user, pk=pk)
        return Response(s.OrganiserShiftOut(shift).data)
