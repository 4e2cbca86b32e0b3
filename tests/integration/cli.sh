. "$OCRTOP_SRCDIR/tests/lib.sh"
done_testing
