#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
#
# make deb [DEB_VERSION=X]: the Debian packages, built with
# dpkg-buildpackage in a copy of the tree (build/deb/src), so that the
# checkout stays clean, into build/deb/VERSION/:
#	bhyve-arm_VERSION_armhf.deb  bhyve-arm-dkms_VERSION_all.deb
#	libvmmapi-dev_VERSION_armhf.deb  (and the .buildinfo, .changes)
# VERSION is debian/changelog's unless given; a given one gets its own
# changelog entry in the copy. Cross (-aarmhf) on the PC, native on a
# board. See docs/packaging.md.
#
#	scripts/deb.sh [VERSION]
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
die() { echo "make deb: $*" >&2; exit 1; }

for t in dpkg-buildpackage:dpkg-dev dh:debhelper dh_dkms:dh-dkms fakeroot:fakeroot; do
	command -v "${t%%:*}" >/dev/null ||
		die "${t%%:*} is missing: apt install dpkg-dev debhelper dh-dkms fakeroot (scripts/deps.sh does)"
done

CL_VERSION=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Version)
VERSION=${1:-$CL_VERSION}
# a native package's version: no Debian revision, so no '-'
[[ $VERSION =~ ^[0-9][A-Za-z0-9.+~]*$ ]] ||
	die "DEB_VERSION=$VERSION: want a version such as 0.2.0 or 0.1.0+1 (digits first; letters, digits, . + ~)"

case "$(uname -m)" in
armv7l | armv8l) ARCH_OPT= ;;
*) ARCH_OPT=-aarmhf ;;
esac

WORK=$TOP/build/deb/src
SRC=$WORK/bhyve-arm-$VERSION
OUT=$TOP/build/deb/$VERSION
rm -rf "$WORK" "$OUT"
mkdir -p "$SRC" "$OUT"

# The tree as git sees it (tracked and new files, not ignored ones; not
# a .cache link, which /.cache/ does not match), or everything but
# build/ and .cache/ outside git.
if git -C "$TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$TOP" && git ls-files -z -co --exclude-standard |
		while IFS= read -r -d '' f; do
			case $f in .cache | .cache/* | build/*) continue ;; esac
			[ -e "$f" ] && printf '%s\0' "$f"
		done |
		cpio -0pdm --quiet "$SRC")
else
	tar -C "$TOP" --exclude=./build --exclude=./.cache -cf - . | tar -C "$SRC" -xf -
fi
# The cross build takes the kernel headers and libfdt from the cache.
[ ! -e "$TOP/.cache" ] || ln -sfn "$TOP/.cache" "$SRC/.cache"

if [ "$VERSION" != "$CL_VERSION" ]; then
	maint=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Maintainer)
	# now, but later than the entry below it (lintian wants a new date)
	when=$(dpkg-parsechangelog -l "$TOP/debian/changelog" -S Timestamp)
	when=$((when + 1 > $(date +%s) ? when + 1 : $(date +%s)))
	{
		printf 'bhyve-arm (%s) unstable; urgency=medium\n\n' "$VERSION"
		printf '  * Built with make deb DEB_VERSION=%s.\n\n' "$VERSION"
		printf ' -- %s  %s\n\n' "$maint" "$(date -R -u -d "@$when")"
		cat "$TOP/debian/changelog"
	} > "$SRC/debian/changelog"
fi

# -d: on the PC the armhf libfdt-dev is unpacked in .cache, not installed.
# The caller's make variables stay out of debian/rules' make.
log=$OUT/build.log
echo "make deb: building $VERSION (dpkg-buildpackage $ARCH_OPT -b; log in $log)"
if ! (cd "$SRC" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
	dpkg-buildpackage $ARCH_OPT -b -us -uc -d) >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	die "dpkg-buildpackage failed: see $log"
fi
mv "$WORK"/*.deb "$WORK"/*.buildinfo "$WORK"/*.changes "$OUT"/
rm -rf "$WORK"
echo "make deb: in $OUT:"
(cd "$OUT" && ls -1 -- *.deb)
