#!/bin/sh
# The exe_wrapper of `meson test --setup=valgrind`. A test program runs under
# valgrind here; a test script (run by sh) runs as it is and finds the
# valgrind command line in ALCHEMY_VALGRIND, so alchemy_under_test (in
# tests/lib/tap.sh) runs every alchemy it starts under valgrind instead of sh.
ALCHEMY_VALGRIND="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect"
export ALCHEMY_VALGRIND
case "$(basename "$1")" in
sh | dash | bash) exec "$@" ;;
*) exec $ALCHEMY_VALGRIND "$@" ;;
esac
