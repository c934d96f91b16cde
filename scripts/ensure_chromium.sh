#!/bin/sh
# Install Debian's chromium for the browser tests when it is missing and we may (root).
# When it cannot, it says so; the browser tests then report why they did not run.
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "chromium is missing and this user cannot install it (not root): browser tests will be skipped" >&2
  exit 0
fi
echo "installing Debian's chromium for the browser tests"
apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
  || echo "apt-get could not install chromium: browser tests will be skipped" >&2
exit 0
