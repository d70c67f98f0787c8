"""A local stand-in for Alibaba Cloud's SMS endpoint (dysmsapi, SendSms 2017-05-25).

It checks what the real service documents, independently of the backend's code: the common
parameters, the HMAC-SHA1 signature over the sorted, RFC 3986-encoded parameters
("POST&%2F&..." keyed by secret + "&"), a fresh nonce and a timestamp within 15 minutes, the
AccessKey, the number, the template and its parameters, and the per-number business limit; and
answers with the documented JSON and error codes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from string import Template
from urllib.parse import parse_qsl, quote

KEY_ID = "LTAI5tTestKeyId"
SECRET = "testSecret/With+Symbols="


def _pe(value: str) -> str:
    return quote(value, safe="~")


def expected_signature(params: dict[str, str]) -> str:
    canonical = "&".join(f"{_pe(k)}={_pe(params[k])}" for k in sorted(params))
    to_sign = f"POST&{_pe('/')}&{_pe(canonical)}"
    digest = hmac.new(f"{SECRET}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class FakeAliyun:
    def __init__(self, templates: dict[str, str], per_number_limit: int = 3):
        self.templates = templates  # TemplateCode -> text with ${name}
        self.per_number_limit = per_number_limit
        self.nonces: set[str] = set()
        self.sent: list[dict] = []
        self.fail_next_with_500 = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                params = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                status, answer = server.answer(params)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, params: dict[str, str]) -> tuple[int, dict]:
        request_id = f"REQ{len(self.sent) + len(self.nonces)}"

        def error(status, code, message):
            return status, {"RequestId": request_id, "Code": code, "Message": message}

        if self.fail_next_with_500:
            self.fail_next_with_500 -= 1
            return error(500, "isp.SYSTEM_ERROR", "system error")
        required = [
            "AccessKeyId", "Action", "Format", "RegionId", "SignatureMethod", "SignatureNonce",
            "SignatureVersion", "Timestamp", "Version", "Signature", "PhoneNumbers", "SignName",
            "TemplateCode",
        ]  # fmt: skip
        missing = [name for name in required if not params.get(name)]
        if missing:
            return error(400, "MissingParameter", f"missing {missing[0]}")
        if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
            return error(400, "InvalidAction.NotFound", "unknown action")
        if params["AccessKeyId"] != KEY_ID:
            return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            return error(400, "InvalidParameter", "signature method")
        signature = params.pop("Signature")
        if not hmac.compare_digest(signature, expected_signature(params)):
            return error(400, "SignatureDoesNotMatch", "Specified signature is not matched.")
        when = datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if abs(datetime.now(UTC) - when) > timedelta(minutes=15):
            return error(400, "InvalidTimeStamp.Expired", "timestamp expired")
        if params["SignatureNonce"] in self.nonces:
            return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        self.nonces.add(params["SignatureNonce"])
        if not re.fullmatch(r"1[3-9]\d{9}", params["PhoneNumbers"]):
            return error(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        text = self.templates.get(params["TemplateCode"])
        if text is None:
            return error(200, "isv.SMS_TEMPLATE_ILLEGAL", "模板不合法")
        try:
            values = json.loads(params.get("TemplateParam") or "{}")
            content = Template(text).substitute(values)
        except (ValueError, KeyError):
            return error(200, "isv.TEMPLATE_MISSING_PARAMETERS", "模板缺少变量")
        if sum(1 for s in self.sent if s["phone"] == params["PhoneNumbers"]) >= (
            self.per_number_limit
        ):
            return error(200, "isv.BUSINESS_LIMIT_CONTROL", "业务限流")
        self.sent.append({"phone": params["PhoneNumbers"], "text": content})
        return 200, {
            "RequestId": request_id,
            "Code": "OK",
            "Message": "OK",
            "BizId": f"{900000 + len(self.sent)}^0",
        }
