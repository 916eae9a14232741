# pair/ipv6-skip-sync: the nodes replicate over IPv6, and skip the initial
# sync of their fresh (all-zero) disks with new-current-uuid --clear-bitmap:
# both UpToDate at once, no resync traffic, and replication works after.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
if [ "$me" = alpha ]; then v6=2001:db8::1; else v6=2001:db8::2; fi
must "IPv6 address $v6" ip -6 addr add "$v6/64" dev eth0 nodad
ADDR_ALPHA="ipv6 [2001:db8::1]:7789" ADDR_BETA="ipv6 [2001:db8::2]:7789" pair_conf
pair_up
check_output "status shows the IPv6 peer" "2001:db8::" blkrepadm status r0
check_eq "both Inconsistent after create-md" Inconsistent/Inconsistent "$(blkrepadm dstate r0)"
nr0=$(proc_field nr)
if [ "$me" = alpha ]; then hear >/dev/null; else tell "counted"; fi
pair_skip_sync
check "no resync: under 1 MiB received" test $(( $(proc_field nr) - nr0 )) -lt 1024
check_eq "nothing out of sync" 0 "$(proc_field oos)"
if [ "$me" = alpha ]; then
	check "primary without --force" blkrepadm primary r0
	must "write 8 MiB over IPv6" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=8 seek=3 oflag=direct status=none
fi
pair_compare ipv6 alpha
check_fails_with "--clear-bitmap refused once the disks are in use" 1 "fresh metadata" blkrepadm new-current-uuid --clear-bitmap r0
pair_down
finish
