"""Runs the aws CLI (`localhost.py aws ARGS`) or a script (`localhost.py SCRIPT ARGS`) with NAME.localhost
resolving to 127.0.0.1, as RFC 6761 says (this machine's resolver does not): virtual-hosted S3 clients
connect to BUCKET.localhost:PORT."""
import runpy
import socket
import sys

_resolve = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    if isinstance(host, str) and host.lower().endswith(".localhost"):
        host = "127.0.0.1"
    return _resolve(host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo
target = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path("/usr/bin/aws" if target == "aws" else target, run_name="__main__")
