"""Alibaba Cloud SMS (阿里云短信服务) gateway: the SendSms operation of its HTTP RPC API.

Implemented from the provider's documentation ("Signature method" and "SendSms", API version
2017-05-25): common parameters (AccessKeyId, Action, Format, RegionId, SignatureMethod
HMAC-SHA1, SignatureNonce, SignatureVersion 1.0, Timestamp in UTC ISO 8601, Version) plus
PhoneNumbers, SignName, TemplateCode and TemplateParam (JSON) are sorted by name and
percent-encoded (RFC 3986: space %20, `*` %2A, `~` kept); the string to sign is
`POST&%2F&` + the encoded canonical query, signed with HMAC-SHA1 keyed by the AccessKey secret
and `&`, base64-encoded, and sent as `Signature`.

The answer is JSON: `{"Code": "OK", "BizId": ...}` when accepted, otherwise the error code
(isv.MOBILE_NUMBER_ILLEGAL, isv.BUSINESS_LIMIT_CONTROL, SignatureDoesNotMatch ...). A refusal is
returned as a failed SmsResult and recorded; the gateway's own failures (HTTP 5xx,
isp.SYSTEM_ERROR, throttling of the account) and network errors raise OSError so the task
retries later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from django.conf import settings

from notifications.sms import SmsResult

API_VERSION = "2017-05-25"
TIMEOUT_SECONDS = 10
# Codes that mean "try again later", not "this text is wrong".
TRANSIENT_CODES = {"isp.SYSTEM_ERROR", "ServiceUnavailable", "Throttling.User", "Throttling"}


def percent_encode(value: str) -> str:
    return quote(str(value), safe="~")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(
        f"{percent_encode(key)}={percent_encode(params[key])}" for key in sorted(params)
    )


def sign(params: dict[str, str], secret: str, method: str = "POST") -> str:
    """The documented signature of a parameter set (without `Signature`)."""
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunSmsBackend:
    def __init__(self):
        self.endpoint = settings.ALIYUN_SMS_ENDPOINT
        self.key_id = settings.ALIYUN_SMS_ACCESS_KEY_ID
        self.secret = settings.ALIYUN_SMS_ACCESS_KEY_SECRET

    def request_params(
        self, phone: str, template_code: str, params: dict, sign_name: str = ""
    ) -> dict[str, str]:
        query = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": settings.ALIYUN_SMS_REGION,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": str(uuid.uuid4()),
            "SignatureVersion": "1.0",
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
            "PhoneNumbers": phone,
            "SignName": sign_name or settings.SMS_SIGN_NAME,
            "TemplateCode": template_code,
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
        }
        query["Signature"] = sign(query, self.secret)
        return query

    def send(
        self, phone: str, text: str, *, template: str = "", params=None, sign_name: str = ""
    ) -> SmsResult:
        template_code = settings.SMS_TEMPLATE_CODES.get(template)
        if not template_code:
            # A template not registered with the gateway cannot be sent: say so, once.
            return SmsResult(ok=False, code="template_not_configured", message=template)
        query = self.request_params(phone, template_code, params or {}, sign_name)
        body = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in query.items())
        request = urllib.request.Request(
            self.endpoint,
            data=body.encode(),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        if status >= 500:
            raise OSError(f"SMS gateway answered HTTP {status}")
        try:
            answer = json.loads(payload or b"{}")
        except ValueError as error:
            raise OSError("SMS gateway answered something that is not JSON") from error
        code = str(answer.get("Code", ""))
        if code in TRANSIENT_CODES:
            raise OSError(f"SMS gateway busy: {code}")
        return SmsResult(
            ok=code == "OK",
            code=code or f"http_{status}",
            message=str(answer.get("Message", "")),
            provider_id=str(answer.get("BizId", "")),
        )
