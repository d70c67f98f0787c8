"""`manage.py place_streets_under_district 440604 禅城区 --city "440600 佛山市"`.

For a deployment that grows from one street to a district after its migrations ran (migration
0006 does the same once from TREE_DISTRICT / TREE_CITY): the root streets whose codes begin
with the district's code move under it; codes stay, paths follow.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from communities.services.nodes import district_place_streets, division_parse


class Command(BaseCommand):
    help = "Create a district (and city) and put the matching root streets under it."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the district's GB/T 2260 code, e.g. 440604")
        parser.add_argument("name", help="the district's name, e.g. 禅城区")
        parser.add_argument("--city", default="", help='"440600 佛山市"')

    def handle(self, *args, **options):
        city_code, city_name = division_parse(options["city"])
        try:
            district = district_place_streets(
                actor=None,
                district_code=options["code"],
                district_name=options["name"],
                city_code=city_code,
                city_name=city_name,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        streets = district.children.count()
        self.stdout.write(self.style.SUCCESS(f"{district.full_name}: {streets} streets."))
