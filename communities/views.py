from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_community(request):
    return render(request, "communities/my_community.html", {})
