#!/bin/bash
# Declares what the services publish to and consume from, before they start (a consumer subscribed to a topic nobody
# created yet learns of it late). Idempotent: run by the rocketmq-init job with the image's mqadmin.
# NAMESRV_ADDR: the name server; RETRIES: redeliveries before the dead-letter queue (inventory's max-redeliveries).
set -euo pipefail
MQADMIN="${ROCKETMQ_HOME:-/home/rocketmq/rocketmq-5.3.1}/bin/mqadmin"
for attempt in $(seq 1 60); do
  "$MQADMIN" clusterList -n "$NAMESRV_ADDR" 2>/dev/null | grep -q broker-a && break
  echo "waiting for the broker to register (${attempt})"; sleep 2
done
# published by inventory-svc (stock changes, transactional) and order-svc (flash purchases)
"$MQADMIN" updateTopic -n "$NAMESRV_ADDR" -c DefaultCluster -t stock-changes -r 4 -w 4
"$MQADMIN" updateTopic -n "$NAMESRV_ADDR" -c DefaultCluster -t flash-purchases -r 4 -w 4
# consumed by inventory-svc (the Redis stock cache) and order-svc (orders from flash purchases)
"$MQADMIN" updateSubGroup -n "$NAMESRV_ADDR" -c DefaultCluster -g inventory-stock-cache -r "${RETRIES:-5}"
"$MQADMIN" updateSubGroup -n "$NAMESRV_ADDR" -c DefaultCluster -g order-flash-orders -r 16
echo "topics stock-changes, flash-purchases and groups inventory-stock-cache, order-flash-orders declared"
