"""Functions run by tests in the bounded child process (loaders.bounded)."""

from __future__ import annotations

from loaders.errors import LoadError


def echo(value, report):
    report(("got", value))
    return value * 2


def refuse(report):
    raise LoadError("这个文件不行", file="x.csv")


def eat_memory(report):
    report("started")
    hoard = []
    while True:  # what a runaway reader does
        hoard.append(bytearray(64 << 20))


def spin(report):
    while True:
        pass
