#!/bin/sh
# The password comes from the environment (compose.yaml), never from the image.
set -eu
printf '"%s" "%s"\n' "${DB_USER:?}" "${DB_PASSWORD:?}" > /tmp/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
