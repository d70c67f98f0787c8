from django.urls import path

from marketplace.api import views

urlpatterns = [
    path("market/offers/", views.OfferListView.as_view(), name="market-offers"),
    path("market/offers/<int:pk>/", views.OfferDetailView.as_view(), name="market-offer"),
    path("market/offers/<int:pk>/redeem/", views.OfferRedeemView.as_view(), name="market-redeem"),
    path("market/coupons/", views.CouponListView.as_view(), name="market-coupons"),
    path("market/coupons/<int:pk>/", views.CouponDetailView.as_view(), name="market-coupon"),
    path("market/shop/offers/", views.MerchantOfferListView.as_view(), name="market-shop-offers"),
    path("market/shop/verify/", views.VerifyView.as_view(), name="market-verify"),
    path("market/shop/verified/", views.VerifiedListView.as_view(), name="market-verified"),
]
