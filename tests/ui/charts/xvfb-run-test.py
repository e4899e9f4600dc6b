#!/usr/bin/python3
# Runs a command under a private Xvfb server and returns its exit status.
# Xvfb picks a free display itself (-displayfd), so tests running in
# parallel never race for a display number as `xvfb-run -a` can.

import os
import subprocess
import sys


def main():
    if len(sys.argv) < 2:
        print('usage: xvfb-run-test.py COMMAND [ARG…]', file=sys.stderr)
        return 2

    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ['Xvfb', '-displayfd', str(write_fd), '-screen', '0', '1280x1024x24',
         '-nolisten', 'tcp', '-noreset'],
        pass_fds=[write_fd], stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)

    display = b''
    with os.fdopen(read_fd, 'rb') as pipe:
        while not display.endswith(b'\n'):
            chunk = pipe.read(1)
            if not chunk:
                break
            display += chunk

    if not display.strip():
        xvfb.kill()
        xvfb.wait()
        print('Bail out! Xvfb did not start', flush=True)
        return 1

    env = dict(os.environ, DISPLAY=':' + display.decode().strip())
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
