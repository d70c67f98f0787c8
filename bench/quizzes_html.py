"""The browser's quiz answer for bench/bench_quizzes.py: signed-in residents posting the play form.

Each resident is signed in as a browser is (the session cookie and the CSRF cookie, got from an
in-process GET of the play page, whose form also gives the masked CSRF token). wrk then posts
the play form as the browser does: the form's fields (CSRF token, the served question's
one-time token, the ticked choice), with the headers htmx adds when the page's JavaScript runs
(HX-Request: the reply is the #play region), or without them (a full page). Every reply holds
the result and the next question with its token: each wrk thread takes its residents in turn,
and a resident's next answer answers the question the previous reply served, ticking its right
option (the script knows which options are right; the page never says). So every answer is
right, past the streak, and posts points, as the API row's; and each reply serves a new
question, as in the browser.

Before each run, the residents' current questions are read (a question stays served until
answered), so a run starts where the previous one stopped. A reply without a token (a refusal
redirects) makes that resident reload the play page with a GET before answering again, as a
person would; wrk counts the redirect as a non-2xx/3xx response.
"""

import re
from pathlib import Path

LUA = """
local counter = 0
local threads = {{}}
function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end
function init(args)
  local data = dofile("{data}")
  -- wrk's first argument: the index of this process's first thread (harness.wrk runs one wrk a
  -- server port); the origin is the port this process loads.
  players = data.threads[tid + (tonumber(args[1]) or 0)]
  origin = wrk.scheme .. "://" .. wrk.host .. ":" .. wrk.port
  right = data.right
  turn = 0
  reloads = 0
end
local function urlencode(text)
  return (string.gsub(text, "[^%w%-_%.~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end
function request()
  turn = turn % #players + 1
  local p = players[turn]
  local headers = {{
    ["Cookie"] = "sessionid=" .. p.session .. "; csrftoken=" .. p.csrf_cookie,
    ["Origin"] = origin,
    ["Referer"] = origin .. "{url}",
  }}
  if p.token == nil then
    reloads = reloads + 1
    return wrk.format("GET", nil, headers)
  end
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  {htmx}
  local body = "csrfmiddlewaretoken=" .. p.csrf_form .. "&token=" .. urlencode(p.token)
    .. "&choice=" .. p.choice
  return wrk.format("POST", nil, headers, body)
end
function response(status, headers, body)
  local p = players[turn]
  p.token = string.match(body or "", 'name="token" value="([^"]+)"')
  p.choice = nil
  for choice in string.gmatch(body or "", 'name="choice" value="(%d+)"') do
    if right[tonumber(choice)] then p.choice = choice end
  end
  if p.choice == nil then p.token = nil end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("reloads") or 0) end
  io.write(string.format("play-page reloads: %d\\n", total))
end
"""

# What htmx adds to the form's post (hx-post, hx-target="#play").
HTMX_HEADERS = (
    'headers["HX-Request"] = "true"; headers["HX-Current-URL"] = origin .. "{url}"; '
    'headers["HX-Target"] = "play"'
)


def players_sign_in(*, campaign, users) -> list[dict]:
    """Each user signed in as a browser is: cookies and the form's CSRF token, from the play page.

    The GET also serves each user's first question (the in-process client is the browser's
    first visit).
    """
    from django.test import Client
    from django.urls import reverse

    url = reverse("quizzes:play", args=[campaign.pk])
    players = []
    for user in users:
        client = Client()
        client.force_login(user)
        page = client.get(url)
        if page.status_code != 200:
            raise SystemExit(f"the play page answered {page.status_code} for a bench resident")
        form_token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()
        ).group(1)
        players.append(
            {
                "user": user,
                "session": client.cookies["sessionid"].value,
                "csrf_cookie": client.cookies["csrftoken"].value,
                "csrf_form": form_token,
            }
        )
    return players


def right_choice_ids(campaign) -> list[int]:
    """The right options of every question the campaign draws from (earlier runs' too)."""
    from quizzes.models import Choice
    from quizzes.services.play import campaign_question_ids

    questions = campaign_question_ids(campaign)
    return list(
        Choice.objects.filter(question__in=questions, is_correct=True).values_list("pk", flat=True)
    )


def html_script(
    path: Path, *, campaign, per_thread: list[list[dict]], right: list[int], origin: str, htmx: bool
) -> Path:
    """A wrk script answering through the play page; each resident starts from the question
    currently served to them (read now: the previous run left one served per resident)."""
    from django.urls import reverse

    from quizzes import services
    from quizzes.models import Choice

    url = reverse("quizzes:play", args=[campaign.pk])
    right_set = set(right)
    lines = ["return {", "  right = {" + ", ".join(f"[{pk}] = true" for pk in right) + "},"]
    lines.append("  threads = {")
    for players in per_thread:
        items = []
        for player in players:
            served = services.question_serve(user=player["user"], campaign=campaign)
            choice = next(
                pk
                for pk in Choice.objects.filter(question=served.question_id).values_list(
                    "pk", flat=True
                )
                if pk in right_set
            )
            items.append(
                "{{session = [[{session}]], csrf_cookie = [[{csrf_cookie}]], "
                'csrf_form = [[{csrf_form}]], token = [[{token}]], choice = "{choice}"}}'.format(
                    token=served.token, choice=choice, **player
                )
            )
        lines.append("    {" + ", ".join(items) + "},")
    lines += ["  },", "}"]
    data = path.with_name(path.stem + "-data.lua")
    data.write_text("\n".join(lines))
    headers = HTMX_HEADERS.format(origin=origin, url=url) if htmx else ""
    path.write_text(LUA.format(data=data, origin=origin, url=url, htmx=headers))
    return path
