#!/usr/bin/env bash
# Print where Tuijin listens and how to log in. Reads var/.env for the ports and the admin's name; never
# prints a password (the terminal log of `make run` is often shared or kept): it says where they are.
set -a; . ./var/.env; set +a
host=${TUIJIN_GATEWAY_HOST:-127.0.0.1}; port=${TUIJIN_GATEWAY_PORT:-8000}
admin=${TUIJIN_GATEWAY_ADMIN_USERNAME:-admin}
cat <<TXT

  Tuijin 推进 — key-project coordination platform
  Web console 网页控制台: http://$host:$port/
  API docs:   http://$host:$port/docs
  Gateway:    http://$host:$port   (services on ports ${TUIJIN_REGISTRY_PORT:-8001}-${TUIJIN_SCORING_PORT:-8004})
  Stand-in provincial platform (投资项目在线审批监管平台): http://127.0.0.1:${TUIJIN_PROVINCE_STANDIN_PORT:-8009}

  Logins (passwords are in var/.env, readable only by you; e.g. grep TUIJIN_DEMO_PASSWORD var/.env):
    $admin           password: TUIJIN_GATEWAY_ADMIN_PASSWORD   (系统管理员)
    lc.office       password: TUIJIN_DEMO_PASSWORD   (栾川县重点项目办)
    lc.leader       password: TUIJIN_DEMO_PASSWORD   (县级责任领导)
    lc.unit         password: TUIJIN_DEMO_PASSWORD   (责任单位 联络员)
    lc.supervisor   password: TUIJIN_DEMO_PASSWORD   (督查)
    lc.scorer       password: TUIJIN_DEMO_PASSWORD   (评分人)
    lc.viewer       password: TUIJIN_DEMO_PASSWORD   (查看)
  An admin who cannot log in any more: .venv/bin/tuijin-gateway reset-admin --username $admin

  Ctrl-C stops them all.

TXT
