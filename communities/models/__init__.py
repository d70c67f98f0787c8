"""The governance tree and what hangs on it: households, residents, posts, party organisation,
captains' work. Data and database constraints only; rules live in services.

Import from here: `from communities.models import Node, Household, Residency, Post`.
"""

from communities.models.captains import (
    Allowance,
    DailyReport,
    EvaluationEntry,
    EvaluationRound,
    PatrolLog,
    PatrolPhoto,
    patrol_photo_path,
)
from communities.models.geo import PlaceShape
from communities.models.imports import ImportJob
from communities.models.party import CoBuildingUnit, PartyBranch, PartyMember
from communities.models.posts import Post
from communities.models.residents import Household, Residency
from communities.models.settings import PlaceSetting
from communities.models.teams import ResponsibilityTeam, ResponsibilityTeamPlace
from communities.models.tree import ABOVE_STREET_KINDS, PATH_SEPARATOR, Node

__all__ = [
    "ABOVE_STREET_KINDS",
    "PATH_SEPARATOR",
    "Allowance",
    "CoBuildingUnit",
    "DailyReport",
    "EvaluationEntry",
    "EvaluationRound",
    "Household",
    "ImportJob",
    "Node",
    "PartyBranch",
    "PartyMember",
    "PatrolLog",
    "PatrolPhoto",
    "PlaceSetting",
    "PlaceShape",
    "Post",
    "Residency",
    "ResponsibilityTeam",
    "ResponsibilityTeamPlace",
    "patrol_photo_path",
]
