from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import selectors, services
from notifications.api.serializers import InboxQuerySerializer, MessageSerializer
from notifications.models import Message


class MessageListView(generics.ListAPIView):
    serializer_class = MessageSerializer
    queryset = Message.objects.none()  # for the schema; get_queryset scopes to the user

    @extend_schema(
        parameters=[InboxQuerySerializer],
        summary="My inbox",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = InboxQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.messages_for_user(
            user=self.request.user, unread_only=query.validated_data["unread"]
        )


class MessageReadView(APIView):
    @extend_schema(request=None, responses=MessageSerializer, summary="Mark a message as read")
    def post(self, request, pk: int):
        message = selectors.message_get_for_user(user=request.user, pk=pk)
        return Response(MessageSerializer(services.message_mark_read(message=message)).data)
