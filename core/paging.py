"""A Paginator that does not count what its first page already shows.

Django's Paginator counts the rows (a COUNT query, built and run) before it reads a page, even
when the first page holds them all, which is what most residents' lists show (a street's
offers, its upcoming activities). `LeanPaginator.get_page` reads the first page's rows with one
more, and when that one is not there the count is the number of rows read: one query instead
of two. A full first page is counted (its rows not read again); any other page is Django's.
"""

from django.core.paginator import Paginator


class LeanPaginator(Paginator):
    def get_page(self, number):
        if str(number or 1) == "1" and not self.orphans and self.allow_empty_first_page:
            rows = list(self.object_list[: self.per_page + 1])
            if len(rows) <= self.per_page:
                self.__dict__["count"] = len(rows)  # Paginator.count is a cached_property
            # A full first page: counted, its rows not read again.
            return self._get_page(rows[: self.per_page], 1, self)
        return super().get_page(number)
