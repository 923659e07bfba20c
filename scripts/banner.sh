#!/usr/bin/env bash
# Print where Tuijin listens and how to log in (reads var/.env).
set -a; . ./var/.env; set +a
host=${TUIJIN_GATEWAY_HOST:-127.0.0.1}; port=${TUIJIN_GATEWAY_PORT:-8000}
cat <<TXT

  Tuijin 推进 — key-project coordination platform
  API docs:   http://$host:$port/docs
  Gateway:    http://$host:$port   (services on ports ${TUIJIN_REGISTRY_PORT:-8001}-${TUIJIN_SCORING_PORT:-8004})
  Stand-in provincial platform (投资项目在线审批监管平台): http://127.0.0.1:${TUIJIN_PROVINCE_STANDIN_PORT:-8009}

  Logins (from var/.env):
    admin           ${TUIJIN_GATEWAY_ADMIN_PASSWORD}   (系统管理员)
    lc.office       ${TUIJIN_DEMO_PASSWORD}   (栾川县重点项目办)
    lc.leader       ${TUIJIN_DEMO_PASSWORD}   (县级责任领导)
    lc.unit         ${TUIJIN_DEMO_PASSWORD}   (责任单位 联络员)
    lc.supervisor   ${TUIJIN_DEMO_PASSWORD}   (督查)
    lc.scorer       ${TUIJIN_DEMO_PASSWORD}   (评分人)
    lc.viewer       ${TUIJIN_DEMO_PASSWORD}   (查看)

  Ctrl-C stops them all.

TXT
