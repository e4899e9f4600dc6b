#!/usr/bin/python3
# Runs a command under a private Xvfb server and returns its exit status.
# Each run takes a random display number far from the usual ones and waits
# until the server accepts connections.

import os
import subprocess
import sys


def main():
    if len(sys.argv) < 2:
        print('usage: xvfb-run-test.py COMMAND [ARG…]', file=sys.stderr)
        return 2

    # A display number of our own, far from the usual ones: with -displayfd,
    # servers started at the same moment by other programs can race for :0.
    import random
    import socket
    import time

    display = None
    xvfb = None
    for _ in range(20):
        candidate = random.randrange(100, 900)
        if os.path.exists('/tmp/.X11-unix/X%d' % candidate):
            continue
        xvfb = subprocess.Popen(
            ['Xvfb', ':%d' % candidate, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and xvfb.poll() is None:
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect('/tmp/.X11-unix/X%d' % candidate)
                display = candidate
                break
            except OSError:
                time.sleep(0.1)
        if display is not None:
            break
        xvfb.kill()
        xvfb.wait()

    if display is None:
        print('Bail out! Xvfb did not start', flush=True)
        return 1

    env = dict(os.environ, DISPLAY=':%d' % display)
    try:
        return subprocess.call(sys.argv[1:], env=env)
    finally:
        xvfb.terminate()
        try:
            xvfb.wait(timeout=10)
        except subprocess.TimeoutExpired:
            xvfb.kill()
            xvfb.wait()


if __name__ == '__main__':
    sys.exit(main())
