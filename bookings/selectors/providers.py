"""Who works for which provider, and the places a provider serves (asked of the scoping layer)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404

from bookings.models import Provider, ProviderStaff
from communities.models import Node
from communities.scoping import Scope, require_managing_scope, scope_for_user, scope_of_places

_ROLE_CACHE_SECONDS = 600


def _role_cache_key(user_id: int) -> str:
    return f"bookings:provider-role:{user_id}"


def user_is_provider_staff(user) -> bool:
    """Whether the user works for an active provider; cached, since every page's menu asks."""
    if not user.is_authenticated:
        return False
    key = _role_cache_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        cached = ProviderStaff.objects.filter(user=user, provider__is_active=True).exists()
        cache.set(key, cached, _ROLE_CACHE_SECONDS)
    return cached


def provider_role_forget(user_id: int) -> None:
    """Drop the cached answer after a change of staff or of the provider's state."""
    cache.delete(_role_cache_key(user_id))


def providers_of_user(user, *, kind: str = "") -> QuerySet[Provider]:
    """The active providers the user works for (of one kind when given)."""
    if not user.is_authenticated:
        return Provider.objects.none()
    providers = Provider.objects.filter(staff__user=user, is_active=True).select_related("node")
    if kind:
        providers = providers.filter(kind=kind)
    return providers.order_by("name", "pk")


def provider_get_for_staff(*, user, pk: int) -> Provider:
    """A provider the user works for, or 404 for everyone else (no existence leak)."""
    provider = providers_of_user(user).filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


def provider_ids_managed(user) -> set[int]:
    """The providers of which the user is a manager (their staff page is theirs)."""
    return set(
        ProviderStaff.objects.filter(user=user, is_manager=True).values_list(
            "provider_id", flat=True
        )
    )


def provider_is_staff(*, user, provider: Provider, manager: bool = False) -> bool:
    staff = ProviderStaff.objects.filter(provider=provider, user=user, provider__is_active=True)
    if manager:
        staff = staff.filter(is_manager=True)
    return user.is_authenticated and staff.exists()


def provider_scope(provider: Provider) -> Scope:
    """The places a provider serves, as a scope: its staff see orders and people there only.

    A scope that manages nothing: serving a place is no staff post over it.
    """
    places = getattr(provider, "_served_places", None)
    if places is None:
        places = list(provider.places.all())
        provider._served_places = places
    return scope_of_places(places, user=None, managing=False)


def provider_serves(provider: Provider, node: Node | None) -> bool:
    """Whether the place lies in (or under) one of the places the provider serves."""
    return provider_scope(provider).contains(node)


def provider_managed_by(user, provider: Provider) -> bool:
    """Street or community staff whose scope holds the provider's place look after it."""
    return scope_for_user(user).manages(provider.node)


def may_run_provider(user, provider: Provider) -> bool:
    """The provider's own staff, or staff looking after the provider's place."""
    return provider_is_staff(user=user, provider=provider) or provider_managed_by(user, provider)


def may_manage_provider_staff(user, provider: Provider) -> bool:
    """Who adds and removes a provider's staff: its manager, or staff looking after its place."""
    return provider_managed_by(user, provider) or provider_is_staff(
        user=user, provider=provider, manager=True
    )


def provider_get_for_staff_admin(*, user, pk: int) -> Provider:
    """A provider whose staff the user manages, else 404."""
    provider = Provider.objects.select_related("node").filter(pk=pk, is_active=True).first()
    if provider is None or not may_manage_provider_staff(user, provider):
        raise Http404
    return provider


def provider_staff_of(provider: Provider) -> QuerySet[ProviderStaff]:
    """A provider's staff, managers first."""
    return (
        ProviderStaff.objects.filter(provider=provider)
        .select_related("user")
        .order_by("-is_manager", "created_at", "pk")
    )


def provider_get_for_runner(*, user, pk: int) -> Provider:
    """A provider the user may run (its staff, or staff looking after it), else 404."""
    provider = Provider.objects.select_related("node").filter(pk=pk, is_active=True).first()
    if provider is None or not may_run_provider(user, provider):
        raise Http404
    return provider


def providers_for_staff(*, user, kind: str = "") -> QuerySet[Provider]:
    """Providers registered in a staff member's scope (404 for anyone else)."""
    scope = require_managing_scope(user)
    providers = scope.filter(Provider.objects.select_related("node"), "node")
    if kind:
        providers = providers.filter(kind=kind)
    return providers.order_by("name", "pk")


def providers_serving(node: Node, *, kind: str = "") -> list[Provider]:
    """Active providers serving the place (a resident's home), nearest places first."""
    providers = Provider.objects.filter(
        is_active=True, places__code__in=node.lineage_codes
    ).distinct()
    if kind:
        providers = providers.filter(kind=kind)
    return list(providers.order_by("name", "pk"))
