import factory

from accounts.models import User

DEFAULT_PASSWORD = "Gongzhi-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"139{n:08d}")
    real_name = factory.Faker("name", locale="zh_CN")
    email = factory.Sequence(lambda n: f"user{n}@example.cn")
    # Most test people have proved their number (an SMS code); tests of the unverified say so.
    phone_verified = True
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
