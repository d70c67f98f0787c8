from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

admin.site.site_header = format_lazy(
    "{} · {}", settings.ADMIN_SITE_TITLE, _("Gongzhi administration")
)
admin.site.site_title = format_lazy("{} {}", settings.ADMIN_SITE_TITLE, _("Gongzhi"))
admin.site.index_title = _("Community governance")
# The admin logs in through the portal's own log-in page, so the lock and audit apply there too.
admin.site.login = secure_admin_login(admin.site.login)
