#!/usr/bin/env bash
# Started by cluster.sh with a parent-death signal: if the cluster script is killed outright (SIGKILL), this gets
# SIGTERM, waits for Postgres (which writes into the directory) to stop, then removes the cluster's temporary
# directory. After a normal stop the script has removed it already, and this ends.
run=$1 postgres=$2 nap=
cleanup() {
  kill "$nap" 2>/dev/null
  while kill -0 "$postgres" 2>/dev/null; do sleep 0.1; done
  rm -rf "$run"
  exit 0
}
trap cleanup TERM
while :; do
  sleep 3600 &
  nap=$!
  wait "$nap"
done
