# Sourced by the two-node scenarios in tests/vm/pair/ (both guests run the
# same script; `me` says which one this is).  On top of guest-lib.sh:
#
#   pair_conf [EXTRA]        /etc/blkrep.conf for r0 on alpha and beta, with
#                            EXTRA (e.g. "protocol A;") inside the resource;
#                            ADDR_ALPHA / ADDR_BETA override the addresses
#   pair_skip_sync           both fresh and connected: alpha declares the
#                            disks identical (new-current-uuid --clear-bitmap)
#   wait_for SECONDS CMD...  poll CMD until it succeeds; 1 on timeout
#   pair_compare STEP WRITER both devices hold the same bytes (each side
#                            Primary in turn, Secondary at the end)
#   host_crash ...           (guest-lib.sh) kill this guest, boot it again
#   pair_up                  insmod, create-md, up, wait until connected
#   pair_sync_initial        alpha: primary --force, both: wait for the sync
#   pair_met WHAT            wait until the other guest got here too
#   tell MSG / hear          pass one line to the other guest over the wire
#   proc_field NAME          a counter from /proc/blkrep (e.g. nr, oos)
#   dev_sum                  sha256 of the whole /dev/blkrep0
#   dev_region SEEK_MIB MIB  sha256 of MIB MiB of it from SEEK_MIB on
. "$BLKREP_REPO/tests/vm/guest-lib.sh"
me=$(hostname)
SUITE="$SUITE/$me"	# both guests report the same steps
if [ "$me" = alpha ]; then peer_ip=192.0.2.2; else peer_ip=192.0.2.1; fi
_tell_port=9000

pair_conf() {
	cat >/etc/blkrep.conf <<CONF
# written by tests/vm/pair/lib.sh for scenario $SCENARIO
resource r0 {
	device /dev/blkrep0;
	disk /dev/vdb;
	meta-disk internal;
	${1:-}
	on alpha { address ${ADDR_ALPHA:-192.0.2.1:7789}; }
	on beta { address ${ADDR_BETA:-192.0.2.2:7789}; }
}
CONF
}

pair_up() {
	fresh_disks
	must "insmod blkrep.ko" load_module
	must "create-md r0" blkrepadm create-md r0
	must "up r0" blkrepadm up r0
	must "connected within 60 s" blkrepadm wait-connect --timeout $((60 * SLOW)) r0
}

pair_sync_initial() {
	[ "$me" = alpha ] && must "primary --force r0 on alpha" blkrepadm primary --force r0
	must "initial sync done" blkrepadm wait-sync --timeout $((240 * SLOW)) r0
	pair_met synced
}

pair_skip_sync() {
	if [ "$me" = alpha ]; then
		must "new-current-uuid --clear-bitmap r0" blkrepadm new-current-uuid --clear-bitmap r0
	fi
	must "both UpToDate without a resync" wait_for $((30 * SLOW)) dstate_is UpToDate/UpToDate
	pair_met uptodate
}

# pair_met WHAT: neither guest goes on before both got here.  What comes
# next may disconnect; the other one must have seen the state first.
pair_met() {
	if [ "$me" = alpha ]; then
		must "beta $1 too" test "$(hear)" = "$1"
	else
		must "told alpha $1" tell "$1"
	fi
}

dstate_is() { [ "$(blkrepadm dstate r0)" = "$1" ]; }
cstate_is() { [ "$(blkrepadm cstate r0)" = "$1" ]; }

# wait_for SECONDS CMD...: until CMD succeeds, at most SECONDS of sleeping
# between tries.  The first second tries four times: most waits are short,
# and a poll a second would add half a second to each.
wait_for() {
	local limit=$(($1 * 10)) t=0 d=1
	shift
	until "$@"; do
		[ "$t" -ge "$limit" ] && return 1
		sleep "0.$d"
		t=$((t + d))
		[ "$d" -lt 9 ] && d=$((d + 1))
	done
	return 0	# not the status of the loop's last command
}

pair_compare() {
	local step=$1 writer=$2 sum
	if [ "$me" = "$writer" ]; then
		blkrepadm role r0 | grep -q ^Primary ||
			must "$step: primary on $me" blkrepadm primary r0
		sum=$(dev_sum)
		check "$step: secondary on $me" blkrepadm secondary r0
		tell "$sum"
		hear >/dev/null
	else
		sum=$(hear)
		must "$step: primary on $me" blkrepadm primary r0
		check_eq "$step: both devices hold the same bytes" "$sum" "$(dev_sum)"
		check "$step: secondary on $me" blkrepadm secondary r0
		tell "compared"
	fi
}

# One line to the other guest: the receiver listens, the sender retries
# until the listener is there.
tell() {
	local t=0 d=1
	while [ "$t" -lt $((600 * SLOW)) ]; do	# tenths of a second
		echo "$1" | timeout 5 busybox nc "$peer_ip" $_tell_port 2>/dev/null && return 0
		sleep "0.$d"
		t=$((t + d))
		[ "$d" -lt 9 ] && d=$((d + 1))
	done
	return 1
}
hear() { timeout $((600 * SLOW)) busybox nc -l -p $_tell_port; }

dev_bytes() { echo $(( $(cat /sys/block/blkrep0/size) * 512 )); }	# even on a Secondary
proc_field() { sed -n "s/.* $1:\\([0-9]*\\).*/\\1/p" /proc/blkrep | head -n 1; }
dev_sum() { timeout $((300 * SLOW)) sha256sum /dev/blkrep0 | cut -d' ' -f1; }
dev_region() {	# dev_region SEEK_MIB MIB: sha256 of that part, read direct
	dd if=/dev/blkrep0 bs=1M skip="$1" count="$2" iflag=direct status=none | sha256sum | cut -d' ' -f1
}

# The end of every pair scenario: both sides secondary, down, unload.
pair_down() {
	timeout 30 blkrepadm secondary r0 >/dev/null 2>&1
	check "down r0" blkrepadm down r0
	check "rmmod" unload_module
}
