"""The sans-IO protocol core: bytes in, events out; no sockets, threads or clocks."""
