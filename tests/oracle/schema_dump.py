"""Describe protobuf modules in a package-neutral form (shared by both sides of the schema test)."""


def dump(modules):
    out = {}

    def walk(m, prefix):
        name = prefix + m.name
        fields = []
        for f in m.fields:
            oneof = f.containing_oneof.name if f.containing_oneof is not None else None
            if oneof is not None and oneof == "_" + f.name:
                oneof = "optional"
            typ = f.message_type.name if f.message_type is not None else f.type
            # is_repeated from protobuf 6.31 on, label (gone in 7) before it
            repeated = f.is_repeated if hasattr(f, "is_repeated") else f.label == f.LABEL_REPEATED
            fields.append([f.name, f.number, typ, repeated, oneof])
        out[name] = sorted(fields, key=lambda x: x[1])
        for n in m.nested_types:
            walk(n, name + ".")

    for mod in modules:
        for m in mod.DESCRIPTOR.message_types_by_name.values():
            walk(m, "")
    return out
