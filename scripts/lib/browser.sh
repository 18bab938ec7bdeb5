# Shared by the scripts: the console's browser tests drive Debian's chromium, launched by its path, with
# fonts-noto-cjk so that Chinese renders in the screenshots. Source it, then call ensure_browser; it exports
# NEIGHBORBOT_CHROMIUM when chromium is there. When apt cannot install it, the browser tests skip and say why.
ensure_browser() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} with apt for the console's browser tests..." >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 ||
      echo "Could not install ${missing[*]}: the console's browser tests will be skipped." >&2
  fi
  if command -v chromium >/dev/null 2>&1; then
    export NEIGHBORBOT_CHROMIUM="$(command -v chromium)"
  fi
  return 0
}
