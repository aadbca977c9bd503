#!/bin/sh
# Run once by the nacos-init job, when the Nacos cluster answers. Nacos 2.3 starts with the user nacos/nacos: this
# replaces that password with NACOS_ADMIN_PASSWORD, then creates the user the services and the TCs log in as
# (NACOS_USERNAME / NACOS_PASSWORD) with a role that may read and write the public namespace only. Idempotent.
# NACOS_URL: e.g. http://nacos-1:8848/nacos
set -eu
: "${NACOS_URL:?}" "${NACOS_ADMIN_PASSWORD:?}" "${NACOS_USERNAME:?}" "${NACOS_PASSWORD:?}"

login() { # user password -> access token, or nothing
  curl -sf -X POST "$NACOS_URL/v1/auth/login" --data-urlencode "username=$1" --data-urlencode "password=$2" \
    | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'
}

for attempt in $(seq 1 90); do
  curl -sf "$NACOS_URL/v1/console/health/readiness" >/dev/null && break
  echo "waiting for Nacos (${attempt})"; sleep 2
done

token=$(login nacos "$NACOS_ADMIN_PASSWORD" || true)
if [ -z "$token" ]; then
  token=$(login nacos nacos)
  [ -n "$token" ] || { echo "cannot log in to Nacos as nacos with either password" >&2; exit 1; }
  curl -sf -X PUT "$NACOS_URL/v1/auth/users" --data-urlencode "username=nacos" \
    --data-urlencode "newPassword=$NACOS_ADMIN_PASSWORD" --data-urlencode "accessToken=$token" >/dev/null
  token=$(login nacos "$NACOS_ADMIN_PASSWORD")
fi

# the user, its role and the role's permission; each call answers an error when it exists already, which is fine
curl -s -X POST "$NACOS_URL/v1/auth/users" --data-urlencode "username=$NACOS_USERNAME" \
  --data-urlencode "password=$NACOS_PASSWORD" --data-urlencode "accessToken=$token" >/dev/null
curl -s -X POST "$NACOS_URL/v1/auth/roles" --data-urlencode "role=order-platform" \
  --data-urlencode "username=$NACOS_USERNAME" --data-urlencode "accessToken=$token" >/dev/null
curl -s -X POST "$NACOS_URL/v1/auth/permissions" --data-urlencode "role=order-platform" \
  --data-urlencode "resource=:*:*" --data-urlencode "action=rw" --data-urlencode "accessToken=$token" >/dev/null
[ -n "$(login "$NACOS_USERNAME" "$NACOS_PASSWORD")" ] || { echo "the user $NACOS_USERNAME cannot log in" >&2; exit 1; }
echo "Nacos users ready: nacos (admin, password replaced) and $NACOS_USERNAME (public namespace, read-write)"
