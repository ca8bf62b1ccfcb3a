//! The part of route_reflector.sh that is the same for every plan: it works from the variables
//! and the `frr_conf` function the script defines before it.

/// The part of the script that does not depend on the plan.
pub(super) const BODY: &str = r#"dry_run=no
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=yes ;;
    -h | --help)
      echo "usage: sh route_reflector.sh [--dry-run]"
      exit 0
      ;;
    *)
      echo "usage: sh route_reflector.sh [--dry-run]" >&2
      exit 2
      ;;
  esac
done

if [ "$dry_run" = yes ]; then
  # Standard output is exactly frr.conf; everything else goes to standard error.
  frr_conf
  check_file=$(mktemp)
  trap 'rm -f "$check_file"' EXIT
  frr_conf >"$check_file"
  if [ -r "$FRR_CONF" ] && command -v diff >/dev/null 2>&1; then
    echo "dry run: changes to $FRR_CONF:" >&2
    diff -u "$FRR_CONF" "$check_file" >&2 || true
  fi
  if command -v vtysh >/dev/null 2>&1; then
    if vtysh -C -f "$check_file" >&2; then
      echo "dry run: vtysh accepts the configuration" >&2
    else
      echo "dry run: vtysh rejects the configuration" >&2
      exit 1
    fi
  else
    echo "dry run: vtysh is not installed, the configuration was not checked" >&2
  fi
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "run as root (or with --dry-run to only print the configuration)"
command -v systemctl >/dev/null 2>&1 || die "systemctl not found: this script manages FRR through systemd"

# older_than A B: version A is older than version B (numbers compared field by field).
older_than() {
  [ "$(printf '%s\n%s\n' "$1" "$2" | sort -t. -k1,1n -k2,2n -k3,3n | head -n 1)" != "$2" ]
}

frr_version() {
  vtysh --help 2>&1 | sed -n 's/.*(version \([0-9][0-9.]*\)).*/\1/p' | head -n 1
}

os=other
os_ids=unknown
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  os_ids=$(. /etc/os-release && echo "${ID:-} ${ID_LIKE:-}")
fi
case " $os_ids " in
  *" rhel "* | *" centos "* | *" fedora "* | *" almalinux "* | *" rocky "*) os=rhel ;;
  *" debian "* | *" ubuntu "*) os=debian ;;
esac

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    apt-get -q update
    apt_updated=yes
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# 1. FRR, new enough. The distributions' own FRR is older than 8 on AlmaLinux 8 (7.5) and
# Ubuntu 20.04 (7.2): what the package manager would install is checked before anything is
# installed, rather than install it and then refuse to run a configuration written for a
# newer FRR.
frr_installed=
if command -v vtysh >/dev/null 2>&1; then
  frr_installed=$(frr_version)
  [ -n "$frr_installed" ] || die "cannot tell which FRR is installed (vtysh --help names no version)"
fi
if [ -z "$frr_installed" ] || older_than "$frr_installed" "$FRR_WANTED"; then
  case "$os" in
    debian)
      say "asking apt which FRR it would install"
      apt-get -q update
      apt_updated=yes
      candidate=$(apt-cache policy frr | sed -n 's/^ *Candidate: *\([0-9]*:\)\{0,1\}\([0-9][0-9.]*\).*/\2/p' | head -n 1)
      repository=https://deb.frrouting.org
      ;;
    rhel)
      say "asking dnf which FRR it would install"
      # The highest version dnf lists, installed or available, is what it would leave installed.
      candidate=$(dnf -q info frr 2>/dev/null | sed -n 's/^Version *: *\([0-9][0-9.]*\).*/\1/p' | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)
      repository=https://rpm.frrouting.org
      ;;
    *)
      die "unsupported distribution ($os_ids): install FRR $FRR_WANTED or later (packages: https://deb.frrouting.org, https://rpm.frrouting.org), then run this script again; nothing was changed"
      ;;
  esac
  if [ -z "$candidate" ] || older_than "$candidate" "$FRR_WANTED"; then
    die "${frr_installed:+FRR $frr_installed is installed and }the package manager offers FRR ${candidate:-(none)}, older than $FRR_WANTED, which this configuration is written for: add FRR's own package repository ($repository, which has current versions), then run this script again; nothing was installed or changed"
  fi
  say "installing FRR $candidate"
  case "$os" in
    debian) apt_install frr frr-pythontools ;;
    rhel) if [ -n "$frr_installed" ]; then dnf upgrade -y frr; else dnf install -y frr; fi ;;
  esac
  frr_installed=$(frr_version)
  if [ -z "$frr_installed" ] || older_than "$frr_installed" "$FRR_WANTED"; then
    die "FRR ${frr_installed:-(unknown version)} is installed, older than $FRR_WANTED, which this configuration is written for: install FRR $FRR_WANTED or later from FRR's own package repositories, then run this script again; nothing else was changed"
  fi
fi

# frr-reload.py computes and applies the difference on `systemctl reload frr`, and tells
# whether FRR runs what the file says. Debian and Ubuntu ship it in frr-pythontools (only
# recommended by frr, so often missing), the RHEL family in frr itself: /usr/lib/frr from
# FRR's repositories, /usr/libexec/frr from the distribution.
frr_reload=
find_frr_reload() {
  for path in /usr/lib/frr/frr-reload.py /usr/libexec/frr/frr-reload.py; do
    if [ -f "$path" ]; then
      frr_reload=$path
      return 0
    fi
  done
  return 1
}
if ! find_frr_reload; then
  case "$os" in
    debian)
      say "installing frr-pythontools (frr-reload.py, which reloading FRR needs)"
      apt_install frr-pythontools
      ;;
  esac
  find_frr_reload || die "frr-reload.py, which reloading FRR needs, is missing: install it (Debian and Ubuntu: package frr-pythontools; the RHEL family: it comes with frr), then run this script again; nothing else was changed"
fi
# It runs with python3, which the RHEL family's minimal installs may lack.
if ! "$frr_reload" --help >/dev/null 2>&1; then
  case "$os" in
    rhel) dnf install -y python3 ;;
    debian) apt_install python3 ;;
  esac
  "$frr_reload" --help >/dev/null 2>&1 || die "$frr_reload does not run (it needs python3): install python3, then run this script again; nothing else was changed"
fi

# The configuration is checked before anything else changes.
work=$(mktemp -d)
new_conf=$(mktemp "$FRR_CONF.new.XXXXXX")
trap 'rm -rf "$work"; rm -f "$new_conf"' EXIT
frr_conf >"$new_conf"
if ! vtysh -C -f "$new_conf" >/dev/null 2>&1; then
  vtysh -C -f "$new_conf" >&2 || true
  die "vtysh rejects the new configuration; nothing else was changed"
fi

# 2. bgpd, and bfdd for the BFD sessions to the core, must run; a change to the daemons file
# needs a restart, not a reload. Daemons enabled for other reasons stay enabled.
daemons_changed=no
enable_daemon() {
  if grep -q "^$1=yes" "$FRR_DAEMONS"; then
    return 0
  elif grep -q "^$1=" "$FRR_DAEMONS"; then
    sed -i "s/^$1=.*/$1=yes/" "$FRR_DAEMONS" || die "cannot write $FRR_DAEMONS"
  else
    echo "$1=yes" >>"$FRR_DAEMONS" || die "cannot write $FRR_DAEMONS"
  fi
  daemons_changed=yes
  say "enabled $1 in $FRR_DAEMONS"
}
enable_daemon bgpd
[ "$FRR_BFDD" = no ] || enable_daemon bfdd

# 3. A route reflector is not in the data path: it needs no forwarding. Earlier versions of
# this script switched it on for good; their file goes, and the running values are left alone
# (something else on this server may need forwarding).
if [ -f "$OLD_SYSCTL_CONF" ]; then
  say "removing $OLD_SYSCTL_CONF, which an earlier version of this script wrote (a route reflector does not forward traffic); it held:"
  sed 's/^/    /' "$OLD_SYSCTL_CONF"
  rm -f "$OLD_SYSCTL_CONF"
  say "the running values stay until the next boot, then the rest of the system decides them; see them with: sysctl net.ipv4.ip_forward net.ipv6.conf.all.forwarding"
fi

# 4. The host firewall lets BGP in from the nodes and core gateways, and BFD from the core
# gateways, each address on its own: nobody else has any business with these ports.
firewall=none
if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
  firewall=firewalld
elif command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then
  firewall=ufw
fi
zone_v4=
zone_v6=
if [ "$firewall" = firewalld ]; then
  # The rules go into the zone of the interface that holds this reflector's own address, where
  # the sessions arrive; the default zone when no interface (or only lo) holds it.
  for addr in $RR_ADDRS; do
    ifname=$(ip -o addr show to "$addr" 2>/dev/null | awk '{ print $2; exit }')
    ifname=${ifname%%@*}
    zone=
    if [ -z "$ifname" ]; then
      warn "no interface of this server holds $addr, this reflector's address in the plan: its BGP sessions cannot come up until one does"
    elif [ "$ifname" != lo ]; then
      zone=$(firewall-cmd --get-zone-of-interface="$ifname" 2>/dev/null) || zone=
    fi
    [ -n "$zone" ] || zone=$(firewall-cmd --get-default-zone)
    case "$addr" in
      *:*) zone_v6=$zone ;;
      *) zone_v4=$zone ;;
    esac
  done
fi
zones=$zone_v4
[ -z "$zone_v6" ] || [ "$zone_v6" = "$zone_v4" ] || zones="${zones:+$zones }$zone_v6"
rules_added=0
rules_kept=0
# allow ADDRESS PORT PROTOCOL
allow() {
  case "$1" in
    *:*) family=ipv6 len=128 zone=$zone_v6 ;;
    *) family=ipv4 len=32 zone=$zone_v4 ;;
  esac
  case "$firewall" in
    firewalld)
      rule="rule family=\"$family\" source address=\"$1/$len\" port port=\"$2\" protocol=\"$3\" accept"
      added=no
      if ! firewall-cmd --permanent --zone="$zone" --query-rich-rule="$rule" >/dev/null 2>&1; then
        firewall-cmd --permanent --zone="$zone" --add-rich-rule="$rule" >/dev/null
        added=yes
      fi
      if ! firewall-cmd --zone="$zone" --query-rich-rule="$rule" >/dev/null 2>&1; then
        firewall-cmd --zone="$zone" --add-rich-rule="$rule" >/dev/null
        added=yes
      fi
      ;;
    ufw)
      # ufw skips a rule it has ("Skipping adding existing rule").
      if ! out=$(ufw allow proto "$3" from "$1" to any port "$2" 2>&1); then
        warn "ufw did not add the rule for $3 port $2 from $1: $out"
        return 0
      fi
      case "$out" in
        *Skipping*) added=no ;;
        *) added=yes ;;
      esac
      ;;
  esac
  if [ "$added" = yes ]; then
    rules_added=$((rules_added + 1))
  else
    rules_kept=$((rules_kept + 1))
  fi
}
if [ "$firewall" = none ]; then
  say "neither firewalld nor ufw is active; if another firewall filters this server, let in TCP port 179 from $BGP_PEERS${BFD_PEERS:+ and UDP ports 3784 and 4784 from $BFD_PEERS}"
else
  for peer in $BGP_PEERS; do
    allow "$peer" 179 tcp
  done
  for peer in $BFD_PEERS; do
    allow "$peer" 3784 udp
    allow "$peer" 4784 udp
  done
  say "$firewall${zones:+ (zone $zones)}: BGP${BFD_PEERS:+ and BFD} allowed from the peers' addresses only: $rules_added rules added, $rules_kept already there"
  # Earlier versions of this script opened TCP 179 to everyone; only an administrator can tell
  # whether something else needs that.
  case "$firewall" in
    firewalld)
      for zone in $zones; do
        if firewall-cmd --zone="$zone" --query-port=179/tcp >/dev/null 2>&1 ||
          firewall-cmd --permanent --zone="$zone" --query-port=179/tcp >/dev/null 2>&1; then
          warn "firewalld zone $zone also lets TCP port 179 in from every address (earlier versions of this script opened it so); unless something else needs that, close it: firewall-cmd --permanent --zone=$zone --remove-port=179/tcp && firewall-cmd --zone=$zone --remove-port=179/tcp"
        fi
      done
      ;;
    ufw)
      if ufw status 2>/dev/null | grep -Eq '^179(/tcp)?( \(v6\))? +ALLOW( IN)? +Anywhere'; then
        warn "ufw also lets TCP port 179 in from every address (earlier versions of this script opened it so); unless something else needs that, close it: ufw delete allow 179/tcp"
      fi
      ;;
  esac
fi

# 5. The configuration, checked above, replaces the old one (kept as a timestamped copy).
conf_changed=no
backup=
if [ -f "$FRR_CONF" ] && cmp -s "$new_conf" "$FRR_CONF"; then
  say "$FRR_CONF already holds this configuration"
else
  if [ -f "$FRR_CONF" ]; then
    # Show what changes: hand edits made since the last run are replaced too.
    if command -v diff >/dev/null 2>&1; then
      diff -u "$FRR_CONF" "$new_conf" || true
    fi
    backup="$FRR_CONF.$(date +%Y%m%d-%H%M%S).bak"
    cp -p "$FRR_CONF" "$backup"
    say "saved the previous configuration as $backup"
  fi
  chown frr:frr "$new_conf" 2>/dev/null || true
  chmod 640 "$new_conf"
  mv "$new_conf" "$FRR_CONF"
  conf_changed=yes
  say "wrote $FRR_CONF"
fi

# 6. Apply, and ask FRR whether it runs what the file says.

# frr_differences: how FRR's running configuration differs from $FRR_CONF, as "- " (to delete)
# and "+ " (to add) lines; fails when frr-reload.py cannot compare (FRR not running, say).
# frr-reload.py --test prints "Lines To Delete" and "Lines To Add", each underlined with "=",
# then one item per command: its context lines ("router bgp 65000") followed by the command,
# indented one space per level. It leaves out the sections with nothing in them, and exits 0
# whether or not anything differs. Some items appear even right after FRR loaded this very
# file, and are left out here (seen with FRR 8.4):
#   - "frr version": FRR shows its full version (8.4.4), the file the plan's (8.4);
#   - "hostname": vtysh shows the server's host name, the file the reflector's name;
#   - "service integrated-vtysh-config": FRR does not show it;
#   - "ip forwarding", "ipv6 forwarding" to delete: FRR shows "no ip forwarding" while the
#     kernel does not forward, and the file leaves forwarding to the system;
#   - "no neighbor X bfd" to delete where the file has "neighbor X bfd profile P": FRR shows
#     both lines;
#   - a bfd profile's detect-multiplier 3, receive-interval 300, transmit-interval 300 to add:
#     FRR does not show its defaults.
frr_differences() {
  "$frr_reload" --test --stdout "$FRR_CONF" >"$work/test.out" 2>"$work/test.err" || return 1
  awk -v conf="$FRR_CONF" '
    BEGIN {
      while ((getline line < conf) > 0)
        if (line ~ /^ neighbor [^ ]+ bfd profile /) { split(line, w, " "); bfd[w[2]] = 1 }
      mode = "?"
    }
    function flush(   i, known) {
      known = 0
      if (mode == "-" && n == 1)
        known = (l[1] == "ip forwarding" || l[1] == "ipv6 forwarding" || l[1] ~ /^no hostname / || l[1] ~ /^no frr version /)
      if (mode == "-" && n == 2 && l[1] ~ /^router bgp / && l[2] ~ /^ no neighbor [^ ]+ bfd$/) {
        split(l[2], w, " ")
        known = (w[3] in bfd)
      }
      if (mode == "+" && n == 1)
        known = (l[1] ~ /^frr version / || l[1] ~ /^hostname / || l[1] == "service integrated-vtysh-config")
      if (mode == "+" && n == 3 && l[1] == "bfd" && l[2] ~ /^ profile [^ ]+$/)
        known = (l[3] == "  detect-multiplier 3" || l[3] == "  receive-interval 300" || l[3] == "  transmit-interval 300")
      if (!known)
        for (i = 1; i <= n; i++) print mode " " l[i]
      n = 0
    }
    /^Lines To Delete$/ { if (n) flush(); mode = "-"; next }
    /^Lines To Add$/ { if (n) flush(); mode = "+"; next }
    /^=+$/ || /^$/ { next }
    /^[^ ]/ { if (n) flush() }
    { l[++n] = $0 }
    END { if (n) flush() }
  ' "$work/test.out"
}

# frr_runs_file: FRR runs exactly what $FRR_CONF says; otherwise prints why not.
frr_runs_file() {
  if ! differences=$(frr_differences); then
    say "frr-reload.py --test could not compare $FRR_CONF with what FRR runs:"
    sed 's/^/    /' "$work/test.err" | tail -n 5
    return 1
  fi
  [ -n "$differences" ] || return 0
  say "FRR's running configuration differs from $FRR_CONF (- to delete, + to add):"
  printf '%s\n' "$differences" | sed 's/^/    /'
  return 1
}

frr_answers() {
  systemctl is-active --quiet frr && vtysh -c 'show bgp summary' >/dev/null 2>&1
}

# apply restart|reload: FRR takes $FRR_CONF. Waits up to 30 s for bgpd to answer.
apply() {
  ok=yes
  systemctl "$1" frr || ok=no
  tries=0
  while ! frr_answers && [ "$tries" -lt 30 ]; do
    sleep 1
    tries=$((tries + 1))
  done
  [ "$ok" = no ] || return 0
  # frr-reload.py also fails on steps it recovers from (FRR 8.4 stumbles when a community
  # list changes): what counts is whether FRR now runs the file.
  if [ "$1" = reload ] && frr_runs_file >/dev/null; then
    warn "systemctl reload frr reported an error, yet FRR runs $FRR_CONF exactly; its log: /var/log/frr/frr-reload.log"
    return 0
  fi
  return 1
}

# FRR's reload turns forwarding on where the kernel has it off (see above): remember it.
ipv4_forwarding=$(sysctl -n net.ipv4.ip_forward 2>/dev/null) || ipv4_forwarding=
ipv6_forwarding=$(sysctl -n net.ipv6.conf.all.forwarding 2>/dev/null) || ipv6_forwarding=
keep_forwarding() {
  for setting in "net.ipv4.ip_forward=$ipv4_forwarding" "net.ipv6.conf.all.forwarding=$ipv6_forwarding"; do
    key=${setting%%=*}
    before=${setting#*=}
    [ -n "$before" ] || continue
    now=$(sysctl -n "$key" 2>/dev/null) || continue
    if [ "$now" != "$before" ]; then
      sysctl -q -w "$key=$before"
      say "FRR switched $key from $before to $now (its reload does so when frr.conf does not mention forwarding); set it back to $before: forwarding stays as the system has it"
    fi
  done
}

systemctl enable frr >/dev/null 2>&1 || true
action=
if [ "$daemons_changed" = yes ] || ! frr_answers; then
  # Also when bgpd does not answer, so that running the script again repairs a broken run.
  action=restart
elif [ "$conf_changed" = yes ]; then
  action=reload
elif ! frr_runs_file; then
  # The file is right but FRR runs something else: a failed or interrupted apply, or
  # changes made in vtysh and not saved.
  action=reload
fi

failure=
if [ -n "$action" ]; then
  say "${action}ing FRR (systemctl $action frr)"
  if ! apply "$action"; then
    if [ -n "$backup" ]; then
      cp -p "$backup" "$FRR_CONF"
      say "FRR did not take the new configuration; restored the previous one from $backup, applying it again"
      if apply "$action" || { [ "$action" = reload ] && apply restart; }; then
        failure="FRR did not take the new configuration (systemctl $action frr failed); $FRR_CONF is the previous one again, and FRR runs it"
      else
        failure="FRR did not take the new configuration (systemctl $action frr failed); $FRR_CONF is the previous one again, but FRR does not run it either: see systemctl status frr"
      fi
    elif [ "$conf_changed" = yes ]; then
      failure="FRR did not take the new configuration (systemctl $action frr failed), and there was no earlier $FRR_CONF to go back to"
    else
      failure="systemctl $action frr failed; $FRR_CONF already held this configuration and stays as it is"
    fi
  fi
  keep_forwarding
  [ -z "$failure" ] || die "$failure. See journalctl -u frr and /var/log/frr/frr-reload.log; sh route_reflector.sh --dry-run prints the new configuration"
  if frr_runs_file >&2; then
    say "FRR runs $FRR_CONF"
  else
    warn "after systemctl $action frr, FRR's running configuration still differs from $FRR_CONF (above); a line FRR did not take, or one this script does not know to ignore; running the script again retries"
  fi
else
  say "$FRR_CONF is already up to date, and FRR runs it"
fi

# 7. Where the sessions are; they take a few seconds to come up.
vtysh -c 'show bgp summary' || warn "bgpd does not answer yet; see: systemctl status frr"
say "done; check again later with: vtysh -c 'show bgp summary'"
"#;
