# SPDX-License-Identifier: GPL-2.0
#
# make            build kernel/blkrep.ko (against KDIR) and user/blkrepadm
# make module KVER=X   build the module for kernel X into build/X/blkrep.ko
# make check      install missing packages (as root), build, run every test
# make demo       boot two guests and show a resource at work
# make bench      blkrep vs DRBD 8.4 vs raw disk and wire (Documentation/benchmarks.md)
# make install    install blkrepadm, man pages, the module (DESTDIR, PREFIX)
#
# KDIR defaults to the running kernel's build dir, otherwise the newest
# installed linux-headers.

newest_kdir = $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64 \
	/usr/src/linux-headers-*-arm64 /usr/src/linux-headers-*-debug)))
running_kdir = $(wildcard /lib/modules/$(shell uname -r)/build)
KDIR ?= $(if $(running_kdir),$(running_kdir),$(newest_kdir))
PREFIX ?= /usr
OCFDIR ?= /usr/lib/ocf
SYSTEMDUNITDIR ?= /lib/systemd/system
BASHCOMPDIR ?= /usr/share/bash-completion/completions
HADIR ?= /etc/ha.d
DESTDIR ?=

KSRC := Kbuild $(wildcard kernel/*.c kernel/*.h) kernel/Kbuild \
	include/uapi/linux/blkrep.h

.PHONY: all module kmod user install check unit demo bench clean sparse

all: kmod user

kmod:
	@test -n "$(KDIR)" || { echo "no kernel headers found: install linux-headers-amd64 or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

user:
	$(MAKE) -C user

# One build tree per kernel version, so several can coexist.
module:
	@test -n "$(KVER)" || { echo "usage: make module KVER=<kernel version>" >&2; exit 1; }
	@mkdir -p build/$(KVER)/kernel build/$(KVER)/include/uapi/linux
	@cp Kbuild VERSION build/$(KVER)/
	@cp kernel/*.c kernel/*.h kernel/Kbuild build/$(KVER)/kernel/
	@cp include/uapi/linux/blkrep.h build/$(KVER)/include/uapi/linux/
	$(MAKE) -C /lib/modules/$(KVER)/build M=$(CURDIR)/build/$(KVER) W=1 modules
	@cp build/$(KVER)/kernel/blkrep.ko build/$(KVER)/blkrep.ko

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 modules

install: user
	$(MAKE) -C user install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	# kbuild skips depmod without a System.map (Debian's headers have
	# none): run it here, so that modprobe finds the module at once.
	if [ -f kernel/blkrep.ko ]; then \
		$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra INSTALL_MOD_PATH=$(DESTDIR) modules_install && \
		depmod $(if $(DESTDIR),-b $(DESTDIR)) $$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h); fi
	install -D -m 0755 scripts/ocf/blkrep $(DESTDIR)$(OCFDIR)/resource.d/blkrep/blkrep
	install -D -m 0755 scripts/ocf/fence-peer.sh $(DESTDIR)$(PREFIX)/lib/blkrep/fence-peer.sh
	install -D -m 0755 scripts/ocf/unfence-peer.sh $(DESTDIR)$(PREFIX)/lib/blkrep/unfence-peer.sh
	install -D -m 0755 scripts/heartbeat/blkrepdisk $(DESTDIR)$(HADIR)/resource.d/blkrepdisk
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|/usr/sbin/blkrepadm|$(PREFIX)/sbin/blkrepadm|g' scripts/systemd/blkrep.service >$(DESTDIR)$(SYSTEMDUNITDIR)/blkrep.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/blkrep.service
	install -D -m 0644 scripts/bash-completion/blkrepadm $(DESTDIR)$(BASHCOMPDIR)/blkrepadm

check:
	tests/check.sh

unit:
	$(MAKE) -C tests/unit run

demo:
	tests/demo.sh

# A benchmark, not a test: blkrep against DRBD 8.4 and the raw disk and wire.
bench:
	bench/run.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
	$(MAKE) -C user clean
	-$(MAKE) -C tests/unit clean 2>/dev/null
	rm -rf build
