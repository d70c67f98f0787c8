from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.masking import mask_phone
from accounts.phones import normalize_phone, validate_mobile


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, phone, password, **extra_fields):
        phone = normalize_phone(phone)
        validate_mobile(phone)
        email = extra_fields.pop("email", "") or ""
        user = self.model(phone=phone, email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(phone, password, **extra_fields)

    def create_superuser(self, phone, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(phone, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    # Empty (NULL) only for a resident registered by a captain or staff who has no phone
    # (communities.acting): such an account never logs in and is reached through its captain.
    phone = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_mobile],
    )
    phone_verified = models.BooleanField(_("mobile verified"), default=False)
    email = models.EmailField(_("email"), blank=True)
    real_name = models.CharField(_("real name"), max_length=50, blank=True)
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    # The ID-card number itself is never stored: a masked copy to show, a keyed hash to match.
    id_number_masked = models.CharField(_("ID number (masked)"), max_length=18, blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Street or community staff who may use the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_unique_ci"
            ),
        ]

    def __str__(self):
        return self.name_for_display

    @property
    def name_for_display(self) -> str:
        return self.display_name or self.real_name or mask_phone(self.phone)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def get_full_name(self):
        return self.real_name or self.display_name

    def get_short_name(self):
        return self.name_for_display

    def is_locked(self, now=None) -> bool:
        return bool(self.locked_until and self.locked_until > (now or timezone.now()))


class ApiToken(models.Model):
    """An API token of an app or mini-program (`Authorization: Token <key>`).

    Only a SHA-256 digest of the key is kept (a copy of the table opens no account). A token
    works until `expires_at` (API_TOKEN_LIFETIME_DAYS), only under the password it was issued
    for (`password_fingerprint`, Django's session hash: any password change, by any path, ends
    it), and never while the account is locked. The rules are in accounts.tokens.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    password_fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"
