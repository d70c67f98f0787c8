"""Survey and needs pages: residents answer and mark needs; staff and captains publish
surveys, read results per grid (charts, Excel) and the demand for needs by place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.services import audit_record
from communities.models import Node
from communities.scoping import require_managing_scope, scope_for_user
from core.charts import bar_chart
from core.outcomes import run_and_flash, run_on_form
from surveys import exports, selectors, services
from surveys.forms import AnswerForm, QuestionFormSet, SurveyForm
from surveys.models import NeedItem, Question

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _works_here(user) -> bool:
    return not scope_for_user(user).is_empty


@login_required
def index(request):
    page = Paginator(selectors.surveys_for_user(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request, "surveys/index.html", {"page": page, "works_here": _works_here(request.user)}
    )


def answer_page(request, survey, person):
    """The answer form for `person` (the signed-in resident, or one acted for)."""
    questions = selectors.questions_of(survey)
    answered = selectors.has_answered(survey=survey, person=person)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and not answered and form.is_valid():
        done = run_on_form(
            request,
            form,
            lambda: services.survey_answer(
                survey=survey, person=person, actor=request.user, answers=form.answers()
            ),
        )
        if done:
            return None
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "form": form,
            "answered": answered,
            "person": person,
            "acting": person.pk != request.user.pk,
            "asked": services.home_for_survey(survey, person) is not None,
            "works_here": selectors.works_on(request.user, survey),
        },
    )


@login_required
def detail(request, pk: int):
    survey = selectors.survey_get_for_user(user=request.user, pk=pk)
    page = answer_page(request, survey, request.user)
    if page is None:
        messages.success(request, _("Thank you: your answers were recorded."))
        return redirect("surveys:detail", survey.pk)
    return page


@login_required
def manage(request):
    scope = scope_for_user(request.user)
    if scope.is_empty:
        raise Http404
    page = Paginator(selectors.surveys_managed(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "surveys/manage.html", {"page": page, "managing": scope.managing})


@login_required
def new(request):
    scope = scope_for_user(request.user)
    if scope.is_empty:
        raise Http404
    form = SurveyForm(request.POST or None, nodes=scope.places())
    questions = QuestionFormSet(request.POST or None, prefix="q")
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        specs = [q.cleaned_spec() for q in questions if q.cleaned_data]
        done = run_on_form(
            request,
            form,
            lambda: services.survey_create(
                actor=request.user, questions=specs, **form.cleaned_data
            ),
            _("The survey is published."),
        )
        if done:
            return redirect("surveys:results", done.result.pk)
    return render(request, "surveys/form.html", {"form": form, "questions": questions})


def _charts(results) -> list[dict]:
    charts = []
    if results.by_place:
        title = _("Answers per grid")
        charts.append(
            {"title": title, "svg": bar_chart(title, [(p.name, n) for p, n in results.by_place])}
        )
    for result in results.questions:
        title = result.question.text
        if result.options:
            charts.append({"title": title, "svg": bar_chart(title, result.options)})
        elif result.question.kind == Question.Kind.RATING and result.by_place:
            charts.append({"title": title, "svg": bar_chart(title, result.by_place)})
    return charts


@login_required
def results(request, pk: int):
    survey = selectors.survey_get_managed(user=request.user, pk=pk)
    figures = selectors.survey_results(survey=survey, user=request.user)
    return render(
        request,
        "surveys/results.html",
        {"survey": survey, "results": figures, "charts": _charts(figures)},
    )


@login_required
def results_xlsx(request, pk: int):
    survey = selectors.survey_get_managed(user=request.user, pk=pk)
    rows = selectors.survey_rows(survey=survey, user=request.user)
    content = exports.survey_workbook(
        survey=survey, rows=rows, results=selectors.survey_results(survey=survey, user=request.user)
    )
    # Named answers leave the portal: an audited read.
    audit_record(
        actor=request.user, action="surveys.export", target=survey, scope_path=survey.node.path
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


def needs_page(request, person):
    """The needs catalogue with `person`'s marks; None after a successful save."""
    if request.method == "POST":
        chosen = NeedItem.objects.filter(
            pk__in=[v for v in request.POST.getlist("items") if v.isdigit()], is_active=True
        )
        done = run_and_flash(
            request,
            lambda: services.need_marks_set(person=person, actor=request.user, items=chosen),
        )
        if done:
            return None
    return render(
        request,
        "surveys/needs.html",
        {
            "categories": selectors.needs_catalogue(),
            "marked": selectors.need_marks_of(user=person),
            "person": person,
            "acting": person.pk != request.user.pk,
        },
    )


@login_required
def needs(request):
    page = needs_page(request, request.user)
    if page is None:
        messages.success(request, _("Thank you: your needs were saved."))
        return redirect("surveys:needs")
    return page


@login_required
def demand(request):
    scope = require_managing_scope(request.user)
    kinds = [Node.Kind.DISTRICT, Node.Kind.STREET, Node.Kind.COMMUNITY, Node.Kind.GRID]
    choices = scope.places(kinds)
    raw = request.GET.get("place", "")
    if raw.isdigit():
        # Any place in scope (the workbench links its compounds and buildings too).
        place = get_object_or_404(scope.places(), pk=raw)
    else:
        place = choices.first()
        if place is None:
            raise Http404
    columns, rows = selectors.needs_demand(user=request.user, place=place)
    return render(
        request,
        "surveys/demand.html",
        {
            "place": place,
            "places": choices,
            "columns": columns,
            "rows": rows,
            "keeps_catalogue": selectors.can_keep_catalogue(request.user),
        },
    )


@login_required
def answer_for(request, pk: int, user_id: int):
    """A captain or staff member answers a survey for a resident (代办)."""
    from communities.views_acting import person_for

    person = person_for(request, user_id)
    survey = selectors.survey_get_for_user(user=person, pk=pk)
    page = answer_page(request, survey, person)
    if page is None:
        messages.success(request, _("The answers were recorded for the resident."))
        return redirect("communities:acting_person", person.pk)
    return page


@login_required
def needs_for(request, user_id: int):
    from communities.views_acting import person_for

    person = person_for(request, user_id)
    page = needs_page(request, person)
    if page is None:
        messages.success(request, _("The resident's needs were saved."))
        return redirect("communities:acting_person", person.pk)
    return page
