#!/bin/sh
# Install Debian's headless LibreOffice Calc (soffice) for the Tool 1 template tests when it is missing
# and we may (root). When it cannot, it says so; the tests that need soffice then say why they did not run.
if command -v soffice >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "soffice is missing and this user cannot install it (not root): LibreOffice tests will be skipped" >&2
  exit 0
fi
echo "installing Debian's libreoffice-calc-nogui for the Tool 1 template tests"
apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  libreoffice-calc-nogui >/dev/null \
  || echo "apt-get could not install libreoffice-calc-nogui: LibreOffice tests will be skipped" >&2
exit 0
