from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models import Node
from core.forms import ListedModelChoiceField
from core.widgets import DateTimeInput
from marketplace.models import Merchant, Offer
from marketplace.selectors import Sort, communities_for_filter


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search shops and coupons"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 茶餐厅")}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Merchant.Category.choices],
    )
    community = ListedModelChoiceField(
        label=_("Community"),
        required=False,
        # Not read here: each form's field gets its own copy (ModelChoiceField.__deepcopy__).
        queryset=communities_for_filter(),
        empty_label=_("Whole street"),
    )
    max_points = forms.IntegerField(label=_("At most (points)"), required=False, min_value=1)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (Sort.NEWEST, _("Newest")),
            (Sort.POPULAR, _("Most popular")),
            (Sort.PRICE_LOW, _("Fewest points")),
            (Sort.PRICE_HIGH, _("Most points")),
        ],
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "category": data.get("category") or "",
            "community": data.get("community"),
            "max_points": data.get("max_points"),
            "sort": data.get("sort") or Sort.NEWEST,
        }


class MerchantApplyForm(forms.Form):
    name = forms.CharField(label=_("Shop name"), max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=Merchant.Category.choices)
    node = forms.ModelChoiceField(label=_("Community the shop is in"), queryset=Node.objects.none())
    address = forms.CharField(label=_("Address"), max_length=200)
    licence_number = forms.CharField(
        label=_("Business licence number"),
        max_length=32,
        help_text=_("The 18-character unified social credit code on the licence."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)
    description = forms.CharField(
        label=_("What the shop sells"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = Node.objects.filter(
            kind__in=[Node.Kind.STREET, Node.Kind.COMMUNITY]
        ).order_by("path")


class OfferForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of coupon"), choices=Offer.Kind.choices)
    threshold = forms.DecimalField(
        label=_("Minimum spend (yuan), for money off"),
        required=False,
        min_value=0,
        decimal_places=2,
    )
    amount_off = forms.DecimalField(
        label=_("Amount off (yuan), for money off"), required=False, min_value=0, decimal_places=2
    )
    percent_off = forms.IntegerField(
        label=_("Percent off, for a discount"), required=False, min_value=0, max_value=99
    )
    max_discount = forms.DecimalField(
        label=_("Largest discount (yuan), for a discount"),
        required=False,
        min_value=0,
        decimal_places=2,
    )
    gift = forms.CharField(label=_("Gift, for a gift coupon"), required=False, max_length=100)
    gift_value = forms.DecimalField(
        label=_("Gift value (yuan)"), required=False, min_value=0, decimal_places=2
    )
    points_price = forms.IntegerField(label=_("Points price"), min_value=1)
    stock_total = forms.IntegerField(label=_("How many coupons"), min_value=1, max_value=100000)
    per_user_limit = forms.IntegerField(
        label=_("At most per resident"), min_value=1, max_value=100, initial=1
    )
    node = forms.ModelChoiceField(label=_("For residents of"), queryset=Node.objects.none())
    redeem_from = forms.DateTimeField(
        label=_("Can be redeemed from"),
        widget=DateTimeInput(),
    )
    redeem_until = forms.DateTimeField(
        label=_("Can be redeemed until"),
        widget=DateTimeInput(),
    )
    use_from = forms.DateTimeField(label=_("Can be used from"), widget=DateTimeInput())
    use_until = forms.DateTimeField(label=_("Can be used until"), widget=DateTimeInput())
    refund_on_expiry = forms.BooleanField(
        label=_("Give the points back when a coupon expires unused"), required=False
    )
    description = forms.CharField(
        label=pgettext_lazy("marketplace", "Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, merchant: Merchant, **kwargs):
        super().__init__(*args, **kwargs)
        # The shop's own community, or the street around it: never another community.
        codes = [*merchant.node.ancestor_codes, merchant.node.code]
        self.fields["node"].queryset = Node.objects.filter(
            code__in=codes, kind__in=[Node.Kind.STREET, Node.Kind.COMMUNITY]
        ).order_by("depth")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("threshold", "amount_off", "max_discount", "gift_value"):
            data[name] = data.get(name) or 0
        data["percent_off"] = data.get("percent_off") or 0
        return data


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Coupon code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", pgettext_lazy("marketplace", "Approve")),
            ("reject", _("Reject")),
            ("suspend", _("Suspend")),
            ("withdraw", _("Take off the market")),
        ]
    )
    note = forms.CharField(label=_("Reason"), required=False, max_length=200)
