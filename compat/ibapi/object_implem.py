"""``Object``: the base the official data classes print through (``str(obj)`` lists the attributes)."""


class Object:
    def __str__(self) -> str:
        return "Object"

    def __repr__(self) -> str:
        return f"{id(self)}: {self}"
