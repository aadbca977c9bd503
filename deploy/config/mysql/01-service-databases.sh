#!/bin/bash
# MySQL's first start (docker-entrypoint-initdb.d) runs this once, in file-name order, before 02-seata-tc-store.sql.
# One database and one user per service, each user allowed its own database only. The TC's database (seata) and its
# user are the image's MYSQL_DATABASE and MYSQL_USER. Passwords come from the environment (./stack deployment-secrets).
set -euo pipefail
: "${ORDER_DB_PASSWORD:?}" "${INVENTORY_DB_PASSWORD:?}" "${PAYMENT_DB_PASSWORD:?}"
mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL
CREATE DATABASE IF NOT EXISTS orders;
CREATE DATABASE IF NOT EXISTS inventory;
CREATE DATABASE IF NOT EXISTS payments;
CREATE USER IF NOT EXISTS 'order_svc'@'%' IDENTIFIED BY '${ORDER_DB_PASSWORD}';
CREATE USER IF NOT EXISTS 'inventory_svc'@'%' IDENTIFIED BY '${INVENTORY_DB_PASSWORD}';
CREATE USER IF NOT EXISTS 'payment_svc'@'%' IDENTIFIED BY '${PAYMENT_DB_PASSWORD}';
GRANT ALL PRIVILEGES ON orders.* TO 'order_svc'@'%';
GRANT ALL PRIVILEGES ON inventory.* TO 'inventory_svc'@'%';
GRANT ALL PRIVILEGES ON payments.* TO 'payment_svc'@'%';
SQL
