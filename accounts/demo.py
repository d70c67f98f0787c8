from accounts.models import User
from core.demo import DEMO_PASSWORD, DemoContext


def demo_user(phone: str, real_name: str, **extra) -> User:
    """Get or create a demo user with the shared demo password."""
    # Demo accounts have verified numbers, so the demo redeems coupons without an SMS gateway.
    user, created = User.objects.get_or_create(
        phone=phone, defaults={"real_name": real_name, "phone_verified": True, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_demo(context: DemoContext) -> None:
    admin = demo_user(
        "13800000001",
        "街道管理员",
        is_staff=True,
        is_superuser=True,
        email="admin@zumiao.example.cn",
    )
    context.data["street_admin"] = admin
    context.add_login("街道管理员 street admin", admin.phone)
    resident = demo_user("13800000010", "李秀英", display_name="秀英", email="xiuying@example.cn")
    context.data["resident"] = resident
    context.add_login("居民 resident", resident.phone)
