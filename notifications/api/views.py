from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import selectors, services
from notifications.api.serializers import MessageSerializer
from notifications.models import Message


class MessageListView(generics.ListAPIView):
    serializer_class = MessageSerializer
    queryset = Message.objects.none()  # for the schema; get_queryset scopes to the user

    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Only unread messages")],
        summary="My inbox",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        unread = self.request.query_params.get("unread") in {"1", "true"}
        return selectors.messages_for_user(user=self.request.user, unread_only=unread)


class MessageReadView(APIView):
    @extend_schema(request=None, responses=MessageSerializer, summary="Mark a message as read")
    def post(self, request, pk: int):
        message = selectors.message_get_for_user(user=request.user, pk=pk)
        return Response(MessageSerializer(services.message_mark_read(message=message)).data)
