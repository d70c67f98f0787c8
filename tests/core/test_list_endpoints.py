"""Every list page and list endpoint has a query-count test (tests/core/list_endpoints.py
lists them and finds the tests; `python -m tests.core.list_endpoints` prints what is missing)."""

from tests.core import list_endpoints


def test_every_list_endpoint_has_a_query_count_test():
    total, found, missing = list_endpoints.report()
    assert missing == [], f"{len(found)} of {total} list endpoints have a query-count test"


def test_the_finder_sees_urls_in_f_strings_module_constants_and_reverse():
    import ast

    source = (
        'API = "/api/v1/x"\n'
        "def test_a(client):\n"
        '    assert_flat(client, f"{API}/teams/", grow)\n'
        '    assert_flat(client, f"/care/people/{pk}/", grow)\n'
        '    assert_flat(client, reverse("cases:board"), grow)\n'
    )
    tree = ast.parse(source)
    urls, names = list_endpoints._strings(tree.body[1], list_endpoints._module_strings(tree))
    assert {"/api/v1/x/teams/", "/care/people/{}/"} <= urls and names == {"cases:board"}
    assert list_endpoints._route_regex("/care/people/<int:pk>/").match("/care/people/{}/")
