#!/bin/sh
# Builds a Debian 12 base image from Debian's own mirror with mmdebstrap and imports it as
# localhost/debian:12-minbase, for machines that reach Debian's mirror but no image registry:
#
#   sh deploy/container/debian-base.sh
#   make image IMAGE_BASE=localhost/debian:12-minbase
set -eu
engine=$(command -v podman || command -v docker) || { echo "debian-base: no podman or docker" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mmdebstrap --variant=minbase --format=tar bookworm "$tmp/rootfs.tar"
"$engine" import "$tmp/rootfs.tar" localhost/debian:12-minbase
