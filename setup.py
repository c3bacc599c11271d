"""Packaging shim: setup.cfg holds the metadata; this maps compat/ibapi to ``ibapi``."""

from setuptools import find_packages, setup

compat = ["ibapi"] + ["ibapi." + p for p in find_packages("compat/ibapi")]
setup(
    packages=find_packages(include=["ibwire", "ibwire.*"]) + compat,
    package_dir={"ibapi": "compat/ibapi"},
)
