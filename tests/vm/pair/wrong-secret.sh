# pair/wrong-secret: a peer that does not know the shared secret is refused
# and logged, and nothing of its data reaches the disk.  Alpha and beta are
# configured with different secrets; alpha is Primary with data.  Each
# kernel log names the failed authentication, they are not connected, and
# beta's disk still holds its own (zeroed) contents: nothing alpha wrote
# reached it.
. "$BLKREP_REPO/tests/vm/pair/lib.sh"
pair_conf "net { cram-hmac-alg sha256; shared-secret \"secret-of-$me\"; }"
fresh_disks
must "insmod blkrep.ko" load_module
must "create-md r0" blkrepadm create-md r0
must "up r0" blkrepadm up r0
if [ "$me" = alpha ]; then
	must "primary --force r0" blkrepadm primary --force r0
	must "write data" dd if=/dev/urandom of=/dev/blkrep0 bs=1M count=4 oflag=direct status=none
fi
check "the kernel log names the refusal" wait_for $((60 * SLOW)) sh -c 'dmesg | grep -q "authentication failed"'
check_fails "not connected after the refusal" blkrepadm wait-connect --timeout 2 r0
if [ "$me" = beta ]; then
	check_eq "beta wrote nothing to its device" 0 "$(proc_field dw)"
	check "beta's disk still holds zeros where alpha wrote" sh -c "dd if=/dev/vdb bs=1M count=4 status=none | cmp -s - /dev/zero -n $((4 << 20))"
fi
# Alpha waits until beta has checked before both go down (both used to
# tell, nobody heard, and each waited out tell's 60 s).
if [ "$me" = alpha ]; then hear >/dev/null; else tell "checked"; fi
pair_down
finish
