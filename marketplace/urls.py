from django.urls import path

from marketplace import views

app_name = "marketplace"

urlpatterns = [
    path("", views.market_home, name="home"),
    path("search/", views.market_home, name="search"),
    path("offers/<int:pk>/", views.offer_detail, name="offer"),
    path("offers/<int:pk>/redeem/", views.offer_redeem, name="redeem"),
    path("coupons/", views.my_coupons, name="my_coupons"),
    path("coupons/<int:pk>/", views.coupon_detail, name="coupon"),
    path("shop/", views.shop, name="shop"),
    path("shop/apply/", views.shop_apply, name="shop_apply"),
    path("shop/offers/new/", views.offer_new, name="offer_new"),
    path("shop/offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("shop/verify/", views.verify, name="verify"),
    path("shop/verified/", views.verified_list, name="verified"),
    path("staff/merchants/", views.staff_merchants, name="staff_merchants"),
    path(
        "staff/merchants/<int:pk>/review/",
        views.staff_merchant_review,
        name="staff_merchant_review",
    ),
    path("staff/offers/", views.staff_offers, name="staff_offers"),
    path("staff/offers/<int:pk>/review/", views.staff_offer_review, name="staff_offer_review"),
    path("staff/report/", views.staff_report, name="staff_report"),
]
