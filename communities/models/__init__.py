"""The governance tree and what hangs on it: households, residents, posts, captains' work
(party organisation lives in the `party` app). Data and database constraints only; rules live in services.

Import from here: `from communities.models import Node, Household, Residency, Post`.
"""

from communities.models.acting import ActingConsent
from communities.models.captains import (
    Allowance,
    DailyReport,
    EvaluationEntry,
    EvaluationRound,
    PatrolLog,
    PatrolPhoto,
    patrol_photo_path,
)
from communities.models.counters import PlaceCounter
from communities.models.geo import PlaceShape
from communities.models.imports import ImportJob
from communities.models.posts import Post
from communities.models.residents import Household, Residency
from communities.models.settings import PlaceSetting
from communities.models.teams import ResponsibilityTeam, ResponsibilityTeamPlace
from communities.models.tree import ABOVE_STREET_KINDS, PATH_SEPARATOR, Node

__all__ = [
    "ActingConsent",
    "ABOVE_STREET_KINDS",
    "PATH_SEPARATOR",
    "Allowance",
    "DailyReport",
    "EvaluationEntry",
    "EvaluationRound",
    "Household",
    "ImportJob",
    "Node",
    "PatrolLog",
    "PatrolPhoto",
    "PlaceCounter",
    "PlaceSetting",
    "PlaceShape",
    "Post",
    "Residency",
    "ResponsibilityTeam",
    "ResponsibilityTeamPlace",
    "patrol_photo_path",
]
