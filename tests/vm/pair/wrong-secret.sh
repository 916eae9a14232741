# pair/wrong-secret: a peer that does not know the shared secret is refused
# and logged, and nothing of its data reaches the disk.  Alpha and beta are
# configured with different secrets; alpha is Primary with data.  After
# 20 s they are still not connected, beta's kernel log names the failed
# authentication, and beta's disk still holds its own (zeroed) contents:
# nothing alpha wrote reached it.
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
sleep 20
check_fails "not connected after 20 s" blkrepadm wait-connect --timeout 1 r0
check_output "the kernel log names the refusal" "authentication failed" dmesg
if [ "$me" = beta ]; then
	check_eq "beta wrote nothing to its device" 0 "$(proc_field dw)"
	check "beta's disk still holds zeros where alpha wrote" sh -c "dd if=/dev/vdb bs=1M count=4 status=none | cmp -s - /dev/zero -n $((4 << 20))"
fi
# Alpha waits until beta has checked before both go down (both used to
# tell, nobody heard, and each waited out tell's 60 s).
if [ "$me" = alpha ]; then hear >/dev/null; else tell "checked"; fi
pair_down
finish
