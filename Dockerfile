# Production image for web, worker and beat (see compose.yaml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py compilemessages --ignore=.venv -v 0 \
 && SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --no-input -v 0
RUN useradd --create-home gongzhi && mkdir -p /app/var && chown -R gongzhi /app/var
USER gongzhi
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--worker-class", "gthread", "--threads", "4", "--access-logfile", "-"]
