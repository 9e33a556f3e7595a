#!/bin/sh
# detect_net.sh - TODO (being written).
. "$(dirname "$0")/../lib.sh"
skip "not written yet"
done_testing
