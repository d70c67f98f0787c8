from django.urls import path

from marketplace.api import views

urlpatterns = [
    path("offers/", views.OfferListView.as_view(), name="market-offers"),
    path("offers/<int:pk>/", views.OfferDetailView.as_view(), name="market-offer"),
    path("offers/<int:pk>/redeem/", views.OfferRedeemView.as_view(), name="market-redeem"),
    path("coupons/", views.CouponListView.as_view(), name="market-coupons"),
    path("coupons/<int:pk>/", views.CouponDetailView.as_view(), name="market-coupon"),
    path("shop/offers/", views.MerchantOfferListView.as_view(), name="market-shop-offers"),
    path("shop/verify/", views.VerifyView.as_view(), name="market-verify"),
    path("shop/verified/", views.VerifiedListView.as_view(), name="market-verified"),
]
