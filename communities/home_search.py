"""How residents name where they live: an address typed as on the wall ("塔坡小区 5栋 2单元 302")
read into parts, and places shown by the short names residents use.

Residents type an address the way it is painted on the wall: a compound's name, then the
building, perhaps the unit and the room, with or without spaces, sometimes as "5-2-302". The
building search matches the words against place names and addresses and the building number
against the building's own name; the unit and room pick the household on the next step.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from communities.models import Node

# "5栋", "5幢", "5号楼", "5座"; "5楼" is left alone (it also means a floor).
BUILDING = re.compile(r"(\d+)\s*(?:号楼|栋|幢|座)")
UNIT = re.compile(r"(\d+)\s*(?:单元|梯)")
ROOM = re.compile(r"(\d+)\s*(?:室|房|号)")
DASHED = re.compile(r"(\d+)\s*-\s*(\d+)\s*-\s*(\d+)")
NUMBER = re.compile(r"\d+")
BUILDING_SUFFIXES = ("栋", "幢", "号楼", "座", "号", "")


@dataclass
class HomeQuery:
    words: list[str] = field(default_factory=list)
    building: str = ""
    unit: str = ""
    room: str = ""

    def building_q(self) -> Q:
        """Buildings whose name and address hold every word, with the number if one was given."""
        q = Q()
        for word in self.words:
            q &= Q(full_name__icontains=word) | Q(address__icontains=word)
        if self.building:
            q &= Q(name__in=[f"{self.building}{suffix}" for suffix in BUILDING_SUFFIXES])
        return q

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.building)


def _take(pattern: re.Pattern, text: str) -> tuple[str, str]:
    """The first number `pattern` finds in `text`, and the text without that match."""
    match = pattern.search(text)
    if match is None:
        return "", text
    return match.group(1), text[: match.start()] + " " + text[match.end() :]


def home_query_parse(text: str) -> HomeQuery:
    # Full-width digits and spaces (５栋, "塔坡小区　5栋") read as their plain forms.
    text = unicodedata.normalize("NFKC", text).strip()
    query = HomeQuery()
    dashed = DASHED.search(text)
    if dashed:
        query.building, query.unit, query.room = dashed.groups()
        text = text[: dashed.start()] + " " + text[dashed.end() :]
    else:
        query.building, text = _take(BUILDING, text)
        query.unit, text = _take(UNIT, text)
        query.room, text = _take(ROOM, text)
    # Bare numbers left over: the first is the building when none was named, then the room.
    for number in NUMBER.findall(text):
        if not query.building:
            query.building = number
        elif not query.room:
            query.room = number
    # "05栋" is building 5; a room keeps its zeros ("0302" is painted so on some doors).
    query.building = str(int(query.building)) if query.building else ""
    query.unit = str(int(query.unit)) if query.unit else ""
    text = NUMBER.sub(" ", text)
    query.words = [word for word in re.split(r"[\s,，、/·]+", text) if word]
    return query


# Levels a resident does not say when naming a place: the street office, the community, the grid.
_UNSPOKEN_KINDS = {Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID}


def place_labels(nodes: Iterable[Node]) -> dict[int, str]:
    """Short names of places as residents say them ("塔坡小区 5栋 1单元"), by pk; one query.

    The names from the compound (or lane) down; a community or grid keeps its own name.
    """
    nodes = list(nodes)
    codes = Node.codes_on_paths(node.path for node in nodes)
    kinds = dict(Node.objects.filter(code__in=codes).values_list("code", "kind"))
    labels = {}
    for node in nodes:
        names = node.full_name.split(" / ")
        lineage = node.lineage_codes
        spoken = [
            name
            for code, name in zip(lineage, names, strict=False)
            if kinds.get(code) not in _UNSPOKEN_KINDS
        ]
        labels[node.pk] = " ".join(spoken) or node.name
    return labels
